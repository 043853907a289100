/**
 * The caller's tables as the SQL generators read them: table names, column names (with the
 * library's defaults), and the first CTEs that rename every caller column to an internal
 * `rs_` name, so nothing after them can be shadowed by a caller's column. Internal.
 *
 * @module
 */
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { resolveDay } from '../features/resolve-day.js';
import { SEX_CODE_MAP } from '../schema/parse-sex-code.js';
import { SETTING_CODE_MAP } from '../schema/parse-setting-code.js';
import { emergencyAdmissionMethods } from '../schema/parse-admission-method.js';
import { SQL_DIALECTS, sqlDialect, type Dialect, type SqlDialect } from './dialect.js';

const name = z.string().check(z.minLength(1));
/** A column name, or `null` when the table does not have it (then every value is missing). */
const col = z.optional(z.nullable(name));

/** Column names of the patients table (defaults in {@link DEFAULT_COLUMNS}). */
export const PatientColumns = z.strictObject({
  id: z.optional(name), practice: col, birthDate: z.optional(name), sex: col, imdDecile: col, careHome: col,
  registeredFrom: col, registeredTo: col, deathDate: col, optedOut: col,
});
/** Column names of the activity table. */
export const ActivityColumns = z.strictObject({ id: z.optional(name), date: z.optional(name), endDate: col, setting: z.optional(name), emergency: col, bedDays: col, diagnosis: col });
/** Column names of the conditions table. */
export const ConditionColumns = z.strictObject({ id: z.optional(name), cluster: z.optional(name), date: z.optional(name), resolvedDate: col });
/** Column names of the medications table. */
export const MedicationColumns = z.strictObject({ id: z.optional(name), code: z.optional(name), date: z.optional(name), endDate: col });

/** The columns every generator assumes when not told otherwise (snake case, one row per person / event). */
export const DEFAULT_COLUMNS = Object.freeze({
  patients: Object.freeze({ id: 'person_id', practice: 'practice', birthDate: 'birth_date', sex: 'sex', imdDecile: 'imd_decile', careHome: 'care_home', registeredFrom: 'registered_from', registeredTo: 'registered_to', deathDate: 'death_date', optedOut: 'opted_out' }),
  activity: Object.freeze({ id: 'person_id', date: 'date', endDate: 'discharge_date', setting: 'setting', emergency: 'emergency', bedDays: 'bed_days', diagnosis: 'primary_diagnosis' }),
  conditions: Object.freeze({ id: 'person_id', cluster: 'cluster', date: 'date', resolvedDate: 'resolved_date' }),
  medications: Object.freeze({ id: 'person_id', code: 'code', date: 'start_date', endDate: 'end_date' }),
});

/** Where the data are: tables and their columns, shared by every generator. */
export const SqlSourceOptions = {
  /** `duckdb`, `postgres`, `spark`, `tsql` or `snowflake`. */
  dialect: z.enum(SQL_DIALECTS),
  /** The date everything stands at: `yyyy-mm-dd`, a day number or a `Date`. */
  asOf: z.union([z.int(), z.string(), z.date()]),
  /** Table names (a dotted name is quoted part by part). */
  tables: z.strictObject({ patients: name, activity: name, conditions: name, medications: z.optional(name) }),
  /** Column names where they differ from {@link DEFAULT_COLUMNS}; `null` for a column the table lacks. */
  columns: z.optional(z.strictObject({
    patients: z.optional(PatientColumns), activity: z.optional(ActivityColumns),
    conditions: z.optional(ConditionColumns), medications: z.optional(MedicationColumns),
  })),
};
const SourceSchema = z.object(SqlSourceOptions);
/** Input type of the shared source options. */
export type SqlSourceInput = z.input<typeof SourceSchema>;

/** Parses a zod/mini schema at a public boundary (as core `parseOptions`). Internal. */
export function parseSqlOptions<S extends z.ZodMiniType>(fn: string, schema: S, input: unknown): z.output<S> {
  const parsed = z.safeParse(schema, input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let value: unknown = input;
  for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  return fail({ fn, code: 'invalid_options', path: ['options', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], value, message: issue.message });
}

type Cols<K extends keyof typeof DEFAULT_COLUMNS> = { readonly [P in keyof (typeof DEFAULT_COLUMNS)[K]]: string | null };

/** The resolved source: dialect, as-of day, quoted table names and column names. Internal. */
export interface Source {
  readonly d: Dialect;
  readonly asOf: number;
  readonly tables: { readonly patients: string; readonly activity: string; readonly conditions: string; readonly medications: string | undefined };
  readonly patients: Cols<'patients'>;
  readonly activity: Cols<'activity'>;
  readonly conditions: Cols<'conditions'>;
  readonly medications: Cols<'medications'>;
}

/** The CTE names the generators use: a caller table with one of these names is refused. */
export const INTERNAL_CTES = Object.freeze(['rs_patients', 'rs_people', 'rs_activity', 'rs_activity_sums', 'rs_cluster_map', 'rs_code_lists', 'rs_coded', 'rs_resolved_last', 'rs_conditions', 'rs_condition_sums', 'rs_score_sums', 'rs_medications', 'rs_medication_sums', 'rs_features', 'rs_outcomes', 'rs_eligibility'] as const);

/**
 * Resolves parsed source options, refusing a caller table named like an internal CTE (the CTE
 * would shadow it) and an id column named like one of the step's `outputs`. Internal.
 */
export function resolveSource(fn: string, o: z.output<typeof SourceSchema>, outputs: readonly string[]): Source {
  for (const [k, t] of Object.entries(o.tables)) {
    if (t !== undefined && (INTERNAL_CTES as readonly string[]).includes(t.toLowerCase())) {
      fail({ fn, code: 'invalid_options', path: ['options', 'tables', k], value: t, message: `is the name of a common table expression the generated SQL uses (${INTERNAL_CTES.join(', ')}); qualify it with its schema` });
    }
  }
  const idName = o.columns?.patients?.id ?? DEFAULT_COLUMNS.patients.id;
  if (outputs.includes(idName)) fail({ fn, code: 'invalid_options', path: ['options', 'columns', 'patients', 'id'], value: idName, message: `the id column is named like an output column (${outputs.join(', ')})` });
  const d = sqlDialect(o.dialect as SqlDialect);
  const asOf = resolveDay(fn, ['options', 'asOf'], o.asOf);
  const c = o.columns ?? {};
  const merge = <K extends keyof typeof DEFAULT_COLUMNS>(k: K, given: Record<string, string | null | undefined> | undefined): Cols<K> => {
    const out: Record<string, string | null> = { ...DEFAULT_COLUMNS[k] };
    for (const [key, v] of Object.entries(given ?? {})) if (v !== undefined) out[key] = v;
    return out as Cols<K>;
  };
  return {
    d, asOf,
    tables: { patients: d.qualified(o.tables.patients), activity: d.qualified(o.tables.activity), conditions: d.qualified(o.tables.conditions), medications: o.tables.medications === undefined ? undefined : d.qualified(o.tables.medications) },
    patients: merge('patients', c.patients), activity: merge('activity', c.activity), conditions: merge('conditions', c.conditions), medications: merge('medications', c.medications),
  };
}

/** `src.<column>`, or a typed NULL when the table lacks it. Internal. */
export function srcCol(s: Source, column: string | null, type: 'date' | 'text' | 'int' | 'double' | 'raw'): string {
  const d = s.d;
  if (column === null) return type === 'date' ? `CAST(NULL AS DATE)` : type === 'text' || type === 'raw' ? `CAST(NULL AS ${d.textType})` : type === 'int' ? 'CAST(NULL AS INTEGER)' : `CAST(NULL AS ${d.doubleType})`;
  const q = `src.${d.ident(column)}`;
  return type === 'date' ? d.toDate(q) : type === 'text' ? d.text(q) : type === 'int' ? `CAST(${q} AS INTEGER)` : type === 'double' ? d.double(q) : q;
}

/** A text value trimmed and lower-cased (as the loader matches codes). */
const lowerTrim = (e: string): string => `LOWER(LTRIM(RTRIM(${e})))`;

/** `CASE` mapping a text column through a code map to levels; `otherwise` for anything else. */
function levelCase(d: Dialect, e: string, map: Readonly<Record<string, string>>, levels: readonly string[], otherwise: string): string {
  const parts = levels.map((lv, i) => {
    const keys = Object.keys(map).filter((k) => map[k] === lv);
    return keys.length === 0 ? '' : ` WHEN ${lowerTrim(e)} IN (${keys.map((k) => d.string(k)).join(', ')}) THEN ${i}`;
  });
  return `CASE${parts.join('')} ELSE ${otherwise} END`;
}

/**
 * The patients CTE body: every person with internal column names (`rs_id`, `rs_birth`, ...):
 * sex as the level 0 unknown / 1 F / 2 M / 3 other through `SEX_CODE_MAP` (blank or an
 * unlisted code: unknown), registration start defaulting to the birth date. Internal.
 */
export function patientsBody(s: Source): string {
  const p = s.patients;
  const d = s.d;
  const sexText = srcCol(s, p.sex, 'text');
  const sex = p.sex === null ? '0' : levelCase(d, sexText, SEX_CODE_MAP, ['unknown', 'F', 'M', 'other'], '0');
  const birth = srcCol(s, p.birthDate, 'date');
  return [
    `  SELECT src.${d.ident(p.id!)} AS rs_id,`,
    `    ${p.practice === null ? `CAST(NULL AS ${d.textType})` : `src.${d.ident(p.practice)}`} AS rs_practice,`,
    `    ${birth} AS rs_birth,`,
    `    ${sex} AS rs_sex,`,
    `    ${srcCol(s, p.imdDecile, 'int')} AS rs_imd,`,
    `    ${p.careHome === null ? '0' : d.flag(`${srcCol(s, p.careHome, 'int')} = 1`)} AS rs_care_home,`,
    `    COALESCE(${srcCol(s, p.registeredFrom, 'date')}, ${birth}) AS rs_reg_from,`,
    `    ${srcCol(s, p.registeredTo, 'date')} AS rs_reg_to,`,
    `    ${srcCol(s, p.deathDate, 'date')} AS rs_death,`,
    `    ${p.optedOut === null ? '0' : d.flag(`${srcCol(s, p.optedOut, 'int')} = 1`)} AS rs_opted_out`,
    `  FROM ${s.tables.patients} AS src`,
  ].join('\n');
}

/** Registered, born and alive on `day` (core `isEligible`), over `rs_` columns of alias `alias`. Internal. */
export function registeredOn(d: Dialect, alias: string, day: string): string {
  return `${alias}.rs_birth <= ${day} AND ${alias}.rs_reg_from <= ${day} AND (${alias}.rs_reg_to IS NULL OR ${alias}.rs_reg_to > ${day}) AND (${alias}.rs_death IS NULL OR ${alias}.rs_death > ${day})`;
}

/** ICD-10 shapes after upper-casing: a letter, two digits, up to four letters or digits ('A' letter, '0' digit). */
const ICD10_SHAPES: readonly string[] = (() => {
  const out: string[] = [];
  const grow = (s: string): void => {
    out.push(s);
    if (s.length < 7) for (const c of ['A', '0']) grow(s + c);
  };
  grow('A00');
  return out;
})();
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/**
 * The activity CTE body over a day range (inclusive, SQL date expressions): internal names
 * `rs_id`, `rs_day`, `rs_end`, `rs_setting` (0..3 through `SETTING_CODE_MAP`, else -1),
 * `rs_emergency` (0/1, as the loader reads the admission method: a flag, a word or an NHS code,
 * matched trimmed of spaces and lower-cased; NULL or only spaces, or no column, is emergency on A&E rows and not
 * otherwise; a value the loader would reject counts as not emergency), `rs_bed_days`, `rs_valid_dx` (valid ICD-10 after removing dots and
 * spaces and upper-casing), `rs_acsc` (valid and starting with an ACSC prefix). Internal.
 */
export function activityBody(s: Source, first: string, last: string, acscPrefixes: readonly string[]): string {
  const a = s.activity;
  const d = s.d;
  const day = srcCol(s, a.date, 'date');
  const dx = a.diagnosis === null ? undefined : `UPPER(REPLACE(REPLACE(${srcCol(s, a.diagnosis, 'text')}, '.', ''), ' ', ''))`;
  const setting = levelCase(d, srcCol(s, a.setting, 'text'), SETTING_CODE_MAP, ['inpatient', 'ae', 'outpatient', 'gp'], '-1');
  let valid = '0';
  let acsc = '0';
  if (dx !== undefined) {
    const shape = `TRANSLATE(${dx}, ${d.string(LETTERS + DIGITS)}, ${d.string('A'.repeat(LETTERS.length) + '0'.repeat(DIGITS.length))})`;
    const validCond = `${shape} IN (${ICD10_SHAPES.map((x) => d.string(x)).join(', ')})`;
    valid = d.flag(validCond);
    const byLength = new Map<number, string[]>();
    for (const p of acscPrefixes) {
      if (!/^[A-Z0-9]+$/.test(p)) fail({ fn: 'featuresToSQL', code: 'invalid_options', path: ['options', 'acscCodes'], value: p, message: 'an ACSC prefix must be letters and digits after normalising' });
      byLength.set(p.length, [...(byLength.get(p.length) ?? []), p]);
    }
    const matches = [...byLength].sort((x, y) => x[0] - y[0]).map(([len, ps]) => `SUBSTRING(${dx}, 1, ${len}) IN (${ps.map((p) => d.string(p)).join(', ')})`);
    if (matches.length > 0) acsc = d.flag(`${validCond} AND (${matches.join(' OR ')})`);
  }
  return [
    `  SELECT src.${d.ident(a.id!)} AS rs_id,`,
    `    ${day} AS rs_day,`,
    `    ${srcCol(s, a.endDate, 'date')} AS rs_end,`,
    `    ${setting} AS rs_setting,`,
    `    ${emergencyCase(s, setting)} AS rs_emergency,`,
    `    ${srcCol(s, a.bedDays, 'double')} AS rs_bed_days,`,
    `    ${valid} AS rs_valid_dx,`,
    `    ${acsc} AS rs_acsc`,
    `  FROM ${s.tables.activity} AS src`,
    `  WHERE ${day} >= ${first} AND ${day} <= ${last}`,
  ].join('\n');
}

/** The emergency flag of an activity row from the raw admission method column (see `activityBody`). */
function emergencyCase(s: Source, setting: string): string {
  const blank = `CASE WHEN ${setting} = 1 THEN 1 ELSE 0 END`;
  if (s.activity.emergency === null) return blank;
  const raw = srcCol(s, s.activity.emergency, 'text');
  // Trimmed of spaces (the loader also ignores tabs and line breaks around a value).
  const v = lowerTrim(raw);
  // '1.0': a number 1 in a floating-point column, as some engines write it as text.
  const yes = [...emergencyAdmissionMethods(), '1.0'];
  return `CASE WHEN ${raw} IS NULL OR ${v} = '' THEN ${blank} WHEN ${v} IN (${yes.map((x) => s.d.string(x)).join(', ')}) THEN 1 ELSE 0 END`;
}

/**
 * Bed days of an activity row (`rs_` columns of alias `alias`) counted up to day `limit`
 * (SQL): the given bed days, else discharge minus admission, unknown 0, capped at
 * `limit - admission` and at least 0 (as the library's `stayUpTo`). Internal.
 */
export function stayUpTo(d: Dialect, alias: string, limit: string): string {
  const stay = `COALESCE(${alias}.rs_bed_days, ${d.double(d.diffDays(`${alias}.rs_day`, `${alias}.rs_end`))})`;
  const cap = d.double(d.diffDays(`${alias}.rs_day`, limit));
  return `CASE WHEN ${stay} IS NULL THEN ${d.double('0')} WHEN ${stay} > ${cap} THEN ${cap} WHEN ${stay} < 0 THEN ${d.double('0')} ELSE ${stay} END`;
}
