import * as z from 'zod/mini';
import { civilFromDay } from '../core/dates.js';
import { fail } from '../core/errors.js';
import { ACSC_CODES, acscPrefixSet, type AcscCodes } from '../features/acsc-codes.js';
import { NOT_LONG_TERM } from '../features/build-features.js';
import { clusterKey, EFI_DEFICITS, EFI_PREFIX } from '../features/efi-deficits.js';
import { renderQuery, type Dialect, type SqlQuery } from './dialect.js';
import { FEATURE_DEFINITIONS, featureNames, lookbackWindow, type ActivityFilter, type FeatureDefinition } from './definitions.js';
import { activityBody, INTERNAL_CTES, parseSqlOptions, patientsBody, registeredOn, resolveSource, SqlSourceOptions, stayUpTo } from './source-tables.js';
export { INTERNAL_CTES } from './source-tables.js';

const FN = 'featuresToSQL';

/** The generated SQL of a step: the query, its output columns, and statements creating it when asked. */
export interface GeneratedSql {
  /** The query as parts (CTEs, select list, FROM), for a caller composing a larger script. */
  readonly query: SqlQuery;
  /** The query as one SELECT statement (rows ordered by the id). */
  readonly select: string;
  /** Statements creating `target` from the query (empty without `target`). */
  readonly statements: readonly string[];
  /** Output column names, in order (the id column first). */
  readonly columns: readonly string[];
}

const Target = z.optional(z.strictObject({ name: z.string().check(z.minLength(1)), kind: z._default(z.enum(['table', 'view']), 'table') }));

/**
 * Options of {@link featuresToSQL}: where the data are (`SqlSourceOptions`: `dialect`,
 * `asOf`, `tables`, `columns`) and which features, as in `buildFeatures`.
 */
export const FeaturesSqlOptions = z.strictObject({
  ...SqlSourceOptions,
  /** Lookback in calendar months (1..120), as `buildFeatures`' `lookbackMonths`. */
  lookbackMonths: z._default(z.int().check(z.gte(1), z.lte(120)), 12),
  /** The condition clusters flagged as `ltc_<key>`, in this order (a fixed list: SQL cannot look at the data first). */
  conditionClusters: z.array(z.string().check(z.minLength(1))),
  /**
   * Every cluster name as written in the conditions table (e.g. from `SELECT DISTINCT cluster`),
   * each matched exactly and mapped to its key (`clusterKey`); names not listed are ignored.
   * Default: `conditionClusters`. List the eFI deficit registers (`efi_<deficit>`) here too:
   * as in `buildFeatures`, `efi` then comes from them.
   */
  clusterNames: z.optional(z.array(z.string().check(z.minLength(1)))),
  /**
   * Conditions arrive as codes (SNOMED CT, Read, ICD-10, local) rather than cluster names: a
   * code-list table, one row per (cluster, code), with columns (default names) `cluster` (a
   * name as in `clusterNames`), `code`, `system` (`snomed`, `read2`, `ctv3`, `icd10`, `local`)
   * and `resolved` (1 for a code that marks the cluster resolved, else 0). The conditions
   * table's `cluster` column then holds the codes. A cluster is active on `asOf` by QOF's rule,
   * as `loadPopulation` with `codeLists` makes its registers: the latest diagnosis code on or
   * before `asOf` is later than the latest resolved code on or before it.
   */
  codeLists: z.optional(z.strictObject({
    table: z.string().check(z.minLength(1)),
    columns: z.optional(z.strictObject({ cluster: z.optional(z.string().check(z.minLength(1))), code: z.optional(z.string().check(z.minLength(1))), system: z.optional(z.string().check(z.minLength(1))), resolved: z.optional(z.string().check(z.minLength(1))) })),
  })),
  /** ACSC prefixes or a versioned list; default `ACSC_CODES`. */
  acscCodes: z.optional(z.custom<AcscCodes>((v) => Array.isArray(v) || (typeof v === 'object' && v !== null && Array.isArray((v as { groups?: unknown }).groups)), 'must be prefixes or an ACSC code list')),
  /** Whether the medications table is read (`polypharmacy` and the eFI polypharmacy deficit); default: when `tables.medications` is given. */
  medications: z.optional(z.boolean()),
  /** Condition scores `score_<name>`, as `buildFeatures`' `conditionScores`. */
  conditionScores: z.optional(z.record(z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)), z.strictObject({ weights: z.record(z.string(), z.number()), source: z.string() }))),
  /** Create this table or view (dotted names quoted part by part) from the query. */
  target: Target,
});
/** Input type of {@link FeaturesSqlOptions}. */
export type FeaturesSqlOptions = z.input<typeof FeaturesSqlOptions>;

/** `CASE WHEN` condition for an activity filter over `rs_` columns of alias `a`. */
function activityCondition(f: ActivityFilter, a: string): string {
  const setting = ['inpatient', 'ae', 'outpatient', 'gp'].indexOf(f.setting);
  const parts = [`${a}.rs_setting = ${setting}`];
  if (f.emergency !== undefined) parts.push(`${a}.rs_emergency = ${f.emergency ? 1 : 0}`);
  if (f.acsc === true) parts.push(`${a}.rs_acsc = 1`);
  return parts.join(' AND ');
}

/** Whole years (or months) from a date column to the as-of day, as the library counts them. */
function wholeYearsTo(d: Dialect, e: string, asOf: number): string {
  const { year, month, day } = civilFromDay(asOf);
  return `${year} - ${d.year(e)} - CASE WHEN ${d.month(e)} > ${month} OR (${d.month(e)} = ${month} AND ${d.day(e)} > ${day}) THEN 1 ELSE 0 END`;
}
function wholeMonthsTo(d: Dialect, e: string, asOf: number): string {
  const { year, month, day } = civilFromDay(asOf);
  return `(${year} - ${d.year(e)}) * 12 + (${month} - ${d.month(e)}) - CASE WHEN ${day} < ${d.day(e)} THEN 1 ELSE 0 END`;
}

/**
 * Writes the SQL that builds `buildFeatures`' matrix inside a warehouse: one row per person
 * registered, born and alive on `asOf` (people with no activity get zeros), the id column
 * (named as the patients table's) and the feature columns in `buildFeatures`' order, each
 * written from its entry in `FEATURE_DEFINITIONS` (source, filter, window, aggregate,
 * transform). Every identifier is quoted for the dialect and every value from the caller is
 * a literal built by the dialect; the SQL's own names (`rs_…`) come after a first step that
 * renames every caller column, so caller columns named like them change nothing.
 *
 * Equal to `buildFeatures` (tests run it in DuckDB and PostgreSQL on synthetic and Synthea data,
 * value for value) given the same data: dates are compared as dates (a time of day is
 * dropped), sex and setting go through `SEX_CODE_MAP` / `SETTING_CODE_MAP` (an unlisted sex
 * counts as unknown, an unlisted setting is not counted, where the loader would reject the
 * row), diagnoses are upper-cased with dots and spaces removed. `score_<name>` sums the same
 * weights, possibly in another order (equal to about 1e-15).
 *
 * @param options - See {@link FeaturesSqlOptions}.
 * @returns The query, its columns and (with `target`) the statements creating it.
 * @throws RiskStratifyError `invalid_options` for a bad option, a table named like an internal
 *   CTE, an id column named like a feature, or two clusters with one key.
 * @example
 * const f = featuresToSQL({ dialect: 'duckdb', asOf: '2025-05-01', conditionClusters: ['copd'],
 *   tables: { patients: 'patients', activity: 'activity', conditions: 'conditions' } });
 * f.columns.slice(0, 3); // => ['person_id', 'age', 'age_0_17']
 */
export function featuresToSQL(options: FeaturesSqlOptions): GeneratedSql {
  const o = parseSqlOptions(FN, FeaturesSqlOptions, options);
  if (o.codeLists !== undefined && (INTERNAL_CTES as readonly string[]).includes(o.codeLists.table.toLowerCase())) {
    fail({ fn: FN, code: 'invalid_options', path: ['options', 'codeLists', 'table'], value: o.codeLists.table, message: `is the name of a common table expression the generated SQL uses (${INTERNAL_CTES.join(', ')}); qualify it with its schema` });
  }
  const meds = o.medications ?? o.tables.medications !== undefined;
  const scores = Object.entries(o.conditionScores ?? {});
  const keys = [...new Set(o.conditionClusters.map(clusterKey))].filter((k) => k !== '');
  const outNames = featureNames(keys, meds, scores.map(([nm]) => nm));
  const s = resolveSource(FN, o, outNames);
  const d = s.d;
  const asOf = s.asOf;
  const A = d.date(asOf);
  const L = o.lookbackMonths;
  const win = lookbackWindow(asOf, L);
  if (meds && o.tables.medications === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'tables', 'medications'], value: undefined, message: 'medications: true needs tables.medications' });

  // Clusters: keys flagged, every name's key, flag index, eFI deficit and score weights.
  const names = [...new Set([...(o.clusterNames ?? []), ...o.conditionClusters])];
  const nameKeys = names.map(clusterKey);
  const efiFromLists = nameKeys.some((k) => EFI_DEFICITS.some((x) => k === EFI_PREFIX + x.name));
  const deficitOfKey = new Map<string, number>();
  if (efiFromLists) EFI_DEFICITS.forEach((x, j) => deficitOfKey.set(EFI_PREFIX + x.name, j));
  else EFI_DEFICITS.forEach((x, j) => x.clusters.forEach((k) => deficitOfKey.set(k, j)));
  const weightOf = scores.map(([, sc]) => new Map(Object.entries(sc.weights).map(([k, w]) => [clusterKey(k), w])));
  const careDeficit = EFI_DEFICITS.findIndex((x) => x.evidence === 'care_home');
  const polyDeficit = EFI_DEFICITS.findIndex((x) => x.evidence === 'polypharmacy');
  const D = EFI_DEFICITS.length;

  if (new Set(outNames).size !== outNames.length) fail({ fn: FN, code: 'invalid_options', path: ['options', 'conditionClusters'], value: outNames.find((nm, j) => outNames.indexOf(nm) !== j), message: 'two condition clusters make the same feature name' });
  const idName = s.patients.id!;

  const ctes: [string, string][] = [];
  ctes.push(['rs_patients', patientsBody(s)]);
  ctes.push(['rs_people', `  SELECT p.*, ${wholeYearsTo(d, 'p.rs_birth', asOf)} AS rs_age\n  FROM ${d.ident('rs_patients')} AS p\n  WHERE ${registeredOn(d, 'p', A)}`]);

  // Activity in the lookback window, one sum per activity definition.
  const actDefs = FEATURE_DEFINITIONS.filter((x) => x.source === 'activity');
  const prefixes = [...acscPrefixSet(o.acscCodes ?? ACSC_CODES)];
  ctes.push(['rs_activity', activityBody(s, d.date(win.first), A, prefixes)]);
  const actAgg = actDefs.map((x) => {
    const cond = activityCondition(x.filter!, 'a');
    const col = d.ident(`rs_${x.name}`);
    if (x.aggregate === 'count') return `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${col}`;
    if (x.aggregate === 'sum_stay') return `SUM(CASE WHEN ${cond} THEN ${stayUpTo(d, 'a', A)} ELSE ${d.double('0')} END) AS ${col}`;
    if (x.aggregate === 'latest_date') return `MAX(CASE WHEN ${cond} THEN a.rs_day END) AS ${col}`;
    return unsupported(x);
  });
  ctes.push(['rs_activity_sums', `  SELECT a.rs_id, ${actAgg.join(',\n    ')}\n  FROM ${d.ident('rs_activity')} AS a\n  GROUP BY a.rs_id`]);

  // Conditions active on asOf, through the cluster map.
  const mapRows = names.map((nm, j) => {
    const k = nameKeys[j]!;
    const flag = keys.indexOf(k);
    const deficit = deficitOfKey.get(k);
    const w = weightOf.map((m) => d.number(m.get(k) ?? 0));
    return `SELECT ${d.string(nm)} AS rs_name, ${d.string(k)} AS rs_key, ${flag >= 0 ? flag : 'NULL'} AS rs_flag, ${flag >= 0 && !NOT_LONG_TERM.includes(k) ? 1 : 0} AS rs_counted, ${deficit ?? 'NULL'} AS rs_deficit${w.map((x, i) => `, ${x} AS rs_w${i}`).join('')}`;
  });
  // the first row types the columns; a CTE with no names keeps the shape and no rows
  ctes.push(['rs_cluster_map', mapRows.length > 0 ? `  ${mapRows.join('\n  UNION ALL ')}` : `  SELECT ${d.text("''")} AS rs_name, ${d.text("''")} AS rs_key, 0 AS rs_flag, 0 AS rs_counted, 0 AS rs_deficit${scores.map((_, i) => `, ${d.double('0')} AS rs_w${i}`).join('')} FROM ${d.ident('rs_patients')} WHERE 1 = 0`]);
  const c = s.conditions;
  const cDate = `CAST(src.${d.ident(c.date!)} AS DATE)`;
  const cResolved = c.resolvedDate === null ? undefined : `CAST(src.${d.ident(c.resolvedDate)} AS DATE)`;
  const mapped = `m.rs_key, m.rs_flag, m.rs_counted, m.rs_deficit${scores.map((_, i) => `, m.rs_w${i}`).join('')}`;
  if (o.codeLists === undefined) {
    ctes.push(['rs_conditions', [
      `  SELECT DISTINCT src.${d.ident(c.id!)} AS rs_id, ${mapped}`,
      `  FROM ${s.tables.conditions} AS src`,
      `  INNER JOIN ${d.ident('rs_cluster_map')} AS m ON src.${d.ident(c.cluster!)} = m.rs_name`,
      `  WHERE ${cDate} <= ${A}${cResolved === undefined ? '' : ` AND (${cResolved} IS NULL OR ${cResolved} > ${A})`}`,
    ].join('\n')]);
  } else {
    // Coded conditions: each code through the code-list table to its clusters (ICD-10 codes
    // upper-cased without dots and spaces, a list code matching the code or its first 3+
    // characters, as the loader's code lists match; other codes trimmed and exact), then QOF's rule per
    // person and cluster: a diagnosis on or before asOf, later than every resolved code on or
    // before asOf (a resolution on the day of a diagnosis ends it), not ended by its own resolved date.
    const given = o.codeLists.columns ?? {};
    const lc = { cluster: given.cluster ?? 'cluster', code: given.code ?? 'code', system: given.system ?? 'system', resolved: given.resolved ?? 'resolved' };
    const icd = (e: string): string => `UPPER(REPLACE(REPLACE(${e}, '.', ''), ' ', ''))`;
    const trim = (e: string): string => `LTRIM(RTRIM(${e}))`;
    const sys = `LOWER(LTRIM(RTRIM(${d.text(`l.${d.ident(lc.system)}`)})))`;
    const listCode = d.text(`l.${d.ident(lc.code)}`);
    ctes.push(['rs_code_lists', [
      `  SELECT ${d.text(`l.${d.ident(lc.cluster)}`)} AS rs_name, CASE WHEN ${sys} = 'icd10' THEN 1 ELSE 0 END AS rs_icd,`,
      `    CASE WHEN ${sys} = 'icd10' THEN ${icd(listCode)} ELSE ${trim(listCode)} END AS rs_code,`,
      `    CASE WHEN CAST(l.${d.ident(lc.resolved)} AS INTEGER) = 1 THEN 1 ELSE 0 END AS rs_res`,
      `  FROM ${d.qualified(o.codeLists.table)} AS l`,
    ].join('\n')]);
    const code = d.text(`src.${d.ident(c.cluster!)}`);
    ctes.push(['rs_coded', [
      `  SELECT src.${d.ident(c.id!)} AS rs_id, ${mapped}, l.rs_res, ${cDate} AS rs_day${cResolved === undefined ? '' : `, ${cResolved} AS rs_own_end`}`,
      `  FROM ${s.tables.conditions} AS src`,
      `  INNER JOIN ${d.ident('rs_code_lists')} AS l ON (l.rs_icd = 0 AND l.rs_code = ${trim(code)})`,
      `    OR (l.rs_icd = 1 AND l.rs_code IN (${[3, 4, 5, 6, 7].map((n) => `SUBSTRING(${icd(code)}, 1, ${n})`).join(', ')}))`,
      `  INNER JOIN ${d.ident('rs_cluster_map')} AS m ON l.rs_name = m.rs_name`,
      `  WHERE ${cDate} <= ${A}`,
    ].join('\n')]);
    ctes.push(['rs_resolved_last', `  SELECT k.rs_id, k.rs_key, MAX(k.rs_day) AS rs_last\n  FROM ${d.ident('rs_coded')} AS k\n  WHERE k.rs_res = 1\n  GROUP BY k.rs_id, k.rs_key`]);
    ctes.push(['rs_conditions', [
      `  SELECT DISTINCT k.rs_id, ${mapped.replaceAll('m.', 'k.')}`,
      `  FROM ${d.ident('rs_coded')} AS k`,
      `  LEFT JOIN ${d.ident('rs_resolved_last')} AS r ON r.rs_id = k.rs_id AND r.rs_key = k.rs_key`,
      `  WHERE k.rs_res = 0 AND (r.rs_last IS NULL OR k.rs_day > r.rs_last)${cResolved === undefined ? '' : ` AND (k.rs_own_end IS NULL OR k.rs_own_end > ${A})`}`,
    ].join('\n')]);
  }
  const condAgg = [
    ...keys.map((_, j) => `MAX(CASE WHEN c.rs_flag = ${j} THEN 1 ELSE 0 END) AS ${d.ident(`rs_flag_${j}`)}`),
    `COUNT(DISTINCT CASE WHEN c.rs_counted = 1 THEN c.rs_key END) AS rs_ltc_count`,
    `COUNT(DISTINCT c.rs_deficit) AS rs_deficits`,
    `MAX(CASE WHEN c.rs_deficit = ${careDeficit} THEN 1 ELSE 0 END) AS rs_care_deficit`,
    `MAX(CASE WHEN c.rs_deficit = ${polyDeficit} THEN 1 ELSE 0 END) AS rs_poly_deficit`,
  ];
  ctes.push(['rs_condition_sums', `  SELECT c.rs_id, ${condAgg.join(',\n    ')}\n  FROM ${d.ident('rs_conditions')} AS c\n  GROUP BY c.rs_id`]);
  if (scores.length > 0) {
    // one row per person and cluster key: each key's weight counts once
    const w = scores.map((_, i) => `SUM(k.rs_w${i}) AS rs_score_${i}`).join(', ');
    ctes.push(['rs_score_sums', `  SELECT k.rs_id, ${w}\n  FROM (SELECT DISTINCT c.rs_id, c.rs_key${scores.map((_, i) => `, c.rs_w${i}`).join('')} FROM ${d.ident('rs_conditions')} AS c) AS k\n  GROUP BY k.rs_id`]);
  }
  if (meds) {
    const m = s.medications;
    const mDate = `CAST(src.${d.ident(m.date!)} AS DATE)`;
    const mEnd = m.endDate === null ? undefined : `CAST(src.${d.ident(m.endDate)} AS DATE)`;
    ctes.push(['rs_medication_sums', [
      `  SELECT src.${d.ident(m.id!)} AS rs_id, COUNT(DISTINCT src.${d.ident(m.code!)}) AS rs_meds`,
      `  FROM ${s.tables.medications!} AS src`,
      `  WHERE ${mDate} <= ${A}${mEnd === undefined ? '' : ` AND (${mEnd} IS NULL OR ${mEnd} > ${A})`}`,
      `  GROUP BY src.${d.ident(m.id!)}`,
    ].join('\n')]);
  }

  // Final columns, each from its definition.
  const z0 = (e: string): string => `COALESCE(${e}, 0)`;
  const medsCount = meds ? z0('m.rs_meds') : '0';
  const deficits = `${z0('c.rs_deficits')} + CASE WHEN p.rs_care_home = 1 AND ${z0('c.rs_care_deficit')} = 0 THEN 1 ELSE 0 END${meds ? ` + CASE WHEN ${medsCount} >= 5 AND ${z0('c.rs_poly_deficit')} = 0 THEN 1 ELSE 0 END` : ''}`;
  const efi = `${d.double(`(${deficits})`)} / ${d.double(String(D))}`;
  const expr = (x: FeatureDefinition, name: string): string => {
    const t = x.transform;
    switch (x.aggregate) {
      case 'value':
        if (t.kind === 'age_years') return 'p.rs_age';
        if (t.kind === 'age_band') return d.flag(Number.isFinite(t.max) ? `p.rs_age >= ${t.min} AND p.rs_age <= ${t.max}` : `p.rs_age >= ${t.min}`);
        if (t.kind === 'sex_is') return d.flag(`p.rs_sex = ${['unknown', 'F', 'M', 'other'].indexOf(t.level)}`);
        if (t.kind === 'imd_decile') return `CASE WHEN p.rs_imd >= 1 AND p.rs_imd <= 10 THEN p.rs_imd ELSE ${x.empty} END`;
        if (t.kind === 'imd_missing') return `CASE WHEN p.rs_imd >= 1 AND p.rs_imd <= 10 THEN 0 ELSE 1 END`;
        if (t.kind === 'flag') return 'p.rs_care_home';
        if (t.kind === 'efi_category') return `CASE WHEN ${efi} <= ${d.number(0.12 + 1e-12)} THEN 0 WHEN ${efi} <= ${d.number(0.24 + 1e-12)} THEN 1 WHEN ${efi} <= ${d.number(0.36 + 1e-12)} THEN 2 ELSE 3 END`;
        return unsupported(x);
      case 'count':
        return z0(`a.${d.ident(`rs_${x.name}`)}`);
      case 'sum_stay':
        return `COALESCE(a.${d.ident(`rs_${x.name}`)}, ${d.double('0')})`;
      case 'latest_date': {
        const last = `a.${d.ident(`rs_${x.name}`)}`;
        return `CASE WHEN ${last} IS NULL THEN ${L + 1} ELSE ${d.greatest('0', `${wholeMonthsTo(d, last, asOf)}`)} END`;
      }
      case 'exists':
        return z0(`c.${d.ident(`rs_flag_${keys.indexOf(name.slice(4))}`)}`);
      case 'count_distinct':
        return x.source === 'medications' ? d.least(medsCount, String((t as { max: number }).max)) : z0('c.rs_ltc_count');
      case 'deficits':
        return efi;
      case 'sum_weights':
        return `COALESCE(w.${d.ident(`rs_score_${scores.findIndex(([nm]) => `score_${nm}` === name)}`)}, ${d.double('0')})`;
      default:
        return unsupported(x);
    }
  };
  const select = [`p.rs_id AS ${d.ident(idName)}`];
  for (const nm of outNames) {
    const x = FEATURE_DEFINITIONS.find((y) => y.name === nm) ?? FEATURE_DEFINITIONS.find((y) => (y.name === 'ltc_{cluster}' && nm.startsWith('ltc_')) || (y.name === 'score_{score}' && nm.startsWith('score_')))!;
    const e = expr(x, nm);
    select.push(`${x.type === 'float64' ? d.double(e) : e} AS ${d.ident(nm)}`);
  }
  const from = [
    `${d.ident('rs_people')} AS p`,
    `LEFT JOIN ${d.ident('rs_activity_sums')} AS a ON a.rs_id = p.rs_id`,
    `LEFT JOIN ${d.ident('rs_condition_sums')} AS c ON c.rs_id = p.rs_id`,
    ...(scores.length > 0 ? [`LEFT JOIN ${d.ident('rs_score_sums')} AS w ON w.rs_id = p.rs_id`] : []),
    ...(meds ? [`LEFT JOIN ${d.ident('rs_medication_sums')} AS m ON m.rs_id = p.rs_id`] : []),
  ].join('\n');
  const query: SqlQuery = { with: ctes, select: select.join(',\n  '), from, orderBy: d.ident(idName) };
  return generated(d, query, [idName, ...outNames], o.target);
}

/** The {@link GeneratedSql} of a query. Internal. */
export function generated(d: Dialect, query: SqlQuery, columns: readonly string[], target: { name: string; kind: 'table' | 'view' } | undefined): GeneratedSql {
  const statements = target === undefined ? [] : target.kind === 'table' ? d.createTable(d.qualified(target.name), query) : d.createView(d.qualified(target.name), query);
  return Object.freeze({ query, select: renderQuery(d, query), statements: Object.freeze(statements), columns: Object.freeze([...columns]) });
}

function unsupported(x: FeatureDefinition): never {
  return fail({ fn: FN, code: 'unsupported', path: ['definitions', x.name], value: x.aggregate, message: 'this definition has no SQL writer' });
}
