import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord } from '../core/own-record.js';
import { formatDay, toDay } from '../core/dates.js';
import { fail, toSafe, type SafeResult } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { createPopulation, type OptOutSource, type Population } from '../core/population.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import type { SourceName, ValidationCode, ValidationIssue } from '../schema/validation-issue.js';
import { IssueSink } from './issue-sink.js';
import { readSource, resolveSource, type RawSource, type ResolvedSource, type SourceInput } from './read-source.js';
import type { ColumnUse } from './resolve-columns.js';
import { SOURCE_FIELDS } from './source-fields.js';
import { validateActivity, validateCodedEvents } from './validate-events.js';
import { validatePatients } from './validate-patients.js';
import { codedConditions, codeMapAsLists, diagnosisColumns, hospitalDiagnosisRows, type CodedRows, type UnmappedCounts } from './coded-conditions.js';
import { CodeListsOption, HospitalConditionsOption, resolveCodeListsOption } from '../codelists/code-lists-option.js';
import { mangledCodes, mangledCodesMessage } from '../codelists/mangled-codes.js';

const FN = 'loadPopulation';

/** The default `maxBedDays`: ten years in one stay. */
export const DEFAULT_MAX_BED_DAYS = 3650;
/** The default `maxCost` of one activity row (pounds). */
export const DEFAULT_MAX_COST = 1_000_000;

/** What an issue shows instead of an opted-out person's id. */
export const OPTED_OUT_ID_WITHHELD = '(opted-out id withheld)';

const PATIENT_FIELDS = ['id', 'practiceId', 'sex', 'birthDate', 'birthYear', 'deathDate', 'registeredFrom', 'registeredTo', 'imdDecile', 'careHome', 'optedOut', 'ethnicity'] as const;
const ACTIVITY_FIELDS = ['patientId', 'date', 'setting', 'emergency', 'dischargeDate', 'bedDays', 'primaryDiagnosis', 'cost'] as const;
const CONDITION_FIELDS = ['patientId', 'code', 'date', 'resolvedDate'] as const;
const MEDICATION_FIELDS = ['patientId', 'date', 'endDate', 'code'] as const;
type PerSourceColumns = Partial<Record<SourceName, Partial<Record<string, string | string[]>>>>;
type PerSourceIgnore = Partial<Record<SourceName, string[] | undefined>>;

// one column per field; `optedOut` may name several (yes in any of them counts)
const oneColumn = /* @__PURE__ */ lazySchema(() => z.optional(z.string().check(z.minLength(1))));
const optOutColumns = /* @__PURE__ */ lazySchema(() => z.optional(z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))])));
const mapping = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, k === 'optedOut' ? optOutColumns : oneColumn])) as { [P in K]: P extends 'optedOut' ? typeof optOutColumns : typeof oneColumn });
const names = /* @__PURE__ */ lazySchema(() => z.array(z.string().check(z.minLength(1))));

const DateOption = /* @__PURE__ */ lazySchema(() => z
  .union([z.string(), z.number().check(z.int()), z.date()]).check(z.refine((v) => toDay(v) !== undefined, { message: 'is not a date (yyyy-mm-dd, dd/mm/yyyy, day number or Date)' })));

/**
 * Options of {@link loadPopulation}:
 * - `columns`: per source, which input column holds each field, e.g.
 *   `{ patients: { id: 'nhs_pseudo_id' }, activity: { date: 'admidate' } }`, or one flat
 *   mapping applied to every source that has the field (`{ patientId: 'pid' }`); `optedOut`
 *   may name several columns. Without a mapping a field is found by its own name (`exact`),
 *   then by a loose match ignoring case, `_` and spaces (`loose`: `birth_date`,
 *   `BirthDate`), then by the alias table (`alias`: `nhs_pseudo_id`, `dob`, `gender`,
 *   `national_opt_out`, `admidate`, `admimeth`, `diag_01`, ...; the README lists every one).
 *   How each header was used is in `summary.columns`.
 * - `ignore`: columns you know the loader does not need, so they are reported as `ignored`
 *   rather than `unrecognised` (which is a warning): per source
 *   (`{ patients: ['usual_gp_name'] }`) or one list for every source. An ignored column is
 *   never read, even if its name is an alias.
 * - `optOuts` (default `'column'`): the patients source must have an opt-out column (any
 *   header that names `optedOut`); without one, loading throws `missing_opt_out`, since no
 *   one can know who opted out. `'removed-upstream'` says the extract had opt-outs removed
 *   before it reached you: then a missing column is allowed, recorded in
 *   `population.provenance.optOuts` and warned about (`opt_outs_removed_upstream`). An
 *   opt-out column that is there is always read.
 * - `referenceDate` (or its other name `extractDate`): the extract date (ISO or dd/mm/yyyy
 *   string, day number or `Date`). Dates after it are rejected as `future_date`; ages are
 *   measured on it; it is the end of the population's window (`population.window`), past which
 *   no step reads. Default: rows are checked against today (UTC) and the window ends at the
 *   latest date in the data; pass the extract date for reproducible results.
 * - `activityFrom`: the first date from which the extract's activity is complete (e.g. the
 *   start of the feed). Default: derived from the activity by a stated rule (the first day of
 *   the first month whose activity count reaches half the median of the last 12 complete
 *   months; see `population.window.rule`). Lookbacks starting earlier give a warning.
 * - `maxAge` (default 120): older people are rejected as `impossible_age`.
 * - `codeLists`: code lists (`loadCodeLists`, or lists as data) mapping the conditions
 *   source's codes (SNOMED CT, Read, CTV3, ICD-10, local) to clusters; a code may mark
 *   several clusters, and lists with `resolvedCodes` follow QOF's rule (a register is active
 *   when the latest diagnosis code on or before the date is later than the latest resolved
 *   code). A code in no list is taken as a cluster when it is one the features know
 *   (`KNOWN_CONDITION_CLUSTERS`); any other code is not a rejection: its rows are left out of
 *   the registers and counted, with the people they belong to, in
 *   `summary.unknownConditionCodes` (most frequent first) and an `unknown_condition_codes` warning.
 * - `conditionCodes`: the older one-code-one-cluster map (`{ '195967001': 'asthma', HF:
 *   'heart_failure' }`), read as code lists (one `local` list per cluster).
 * - `hospitalConditions` (default false): also derive registers from hospital diagnoses
 *   (ICD-10, through `ICD10_LTC_CODE_LISTS`), in the primary diagnosis and every other
 *   diagnosis column of the activity source (`diag_02`..`diag_20` and the like, found by
 *   name, or `{ diagnosisColumns: [...] }`); each register row keeps its source (GP or
 *   hospital, see `registerSource`).
 * - `delimiter` (default `,`): the CSV field separator.
 * - `maxBedDays` (default 3,650, ten years): an activity row with more bed days is rejected
 *   (`implausible_bed_days`), as is one whose bed days exceed the days from its admission to
 *   its discharge (or, with no discharge, to the extract date) counting both ends.
 * - `maxCost` (default 1,000,000): an activity row costing more is rejected (`implausible_cost`).
 * - `encoding` (default `'utf-8'`): how `loadPopulationFromFiles` decodes CSV files. With
 *   `'utf-8'` a row holding bytes that are not valid UTF-8 is rejected (`invalid_encoding`,
 *   naming the byte offset), never decoded to U+FFFD; `'latin1'` (ISO-8859-1) and
 *   `'windows-1252'` decode every byte. CSV text given as a string is already decoded.
 * - `onProgress(done, total)`: called as sources are validated (rows done, rows in total).
 */
export const LoadPopulationOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    columns: z._default(z.pipe(z
      .union([
        z.strictObject({
          patients: z.optional(mapping(PATIENT_FIELDS)),
          activity: z.optional(mapping(ACTIVITY_FIELDS)),
          conditions: z.optional(mapping(CONDITION_FIELDS)),
          medications: z.optional(mapping(MEDICATION_FIELDS)),
        }),
        // the flat form: one mapping for every source that has the field
        mapping([...new Set([...PATIENT_FIELDS, ...ACTIVITY_FIELDS, ...CONDITION_FIELDS, ...MEDICATION_FIELDS])]),
      ]), z.transform((c): PerSourceColumns => {
        if (['patients', 'activity', 'conditions', 'medications'].some((k) => k in c)) return c as PerSourceColumns;
        const flat = c as Record<string, string | undefined>;
        const pick = (fields: readonly string[]) => Object.fromEntries(fields.filter((f) => flat[f] !== undefined).map((f) => [f, flat[f]!]));
        return { patients: pick(PATIENT_FIELDS), activity: pick(ACTIVITY_FIELDS), conditions: pick(CONDITION_FIELDS), medications: pick(MEDICATION_FIELDS) };
      })), {}),
    ignore: z._default(z.pipe(z
      .union([names, z.strictObject({ patients: z.optional(names), activity: z.optional(names), conditions: z.optional(names), medications: z.optional(names) })]), z.transform((i): PerSourceIgnore => (Array.isArray(i) ? { patients: i, activity: i, conditions: i, medications: i } : i))), {}),
    optOuts: z._default(z.enum(['column', 'removed-upstream']), 'column'),
    referenceDate: z.optional(DateOption),
    extractDate: z.optional(DateOption),
    activityFrom: z.optional(DateOption),
    maxAge: z._default(z.number().check(z.int(), z.gte(1), z.lte(150)), 120),
    conditionCodes: z.optional(ownRecord(z.string().check(z.minLength(1)), 'clusters by code')),
    codeLists: z.optional(CodeListsOption),
    hospitalConditions: z._default(HospitalConditionsOption, false),
    delimiter: z._default(z.string().check(z.length(1)), ','),
    maxBedDays: z._default(z.number().check(z.positive()), DEFAULT_MAX_BED_DAYS),
    maxCost: z._default(z.number().check(z.positive()), DEFAULT_MAX_COST),
    encoding: z._default(z.enum(['utf-8', 'latin1', 'windows-1252']), 'utf-8'),
    onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' })),
  })).shape));
export type LoadPopulationOptions = z.input<typeof LoadPopulationOptions>;

/** The inputs of {@link loadPopulation}: each an array of records, CSV text or an arquero table. */
export interface PopulationSources {
  patients: SourceInput;
  activity?: SourceInput;
  conditions?: SourceInput;
  medications?: SourceInput;
}

/** Row counts for one source. `rowsIn = rowsAccepted + rowsRejected`, always. */
export interface SourceSummary {
  /** Whether the source was given. */
  readonly provided: boolean;
  readonly rowsIn: number;
  readonly rowsAccepted: number;
  /** Rows with at least one issue (a row with three issues counts once). */
  readonly rowsRejected: number;
}

/**
 * The population's window as the load summary shows it (dates `yyyy-mm-dd`).
 *
 * @example
 * loadPopulation(extract, { extractDate: '2024-03-31' }).summary.window.extractDate; // => '2024-03-31'
 */
export interface WindowSummary {
  /** The extract date: nothing after it is in the data, and no step reads past it. */
  readonly extractDate: string;
  /** The first day from which activity is complete. */
  readonly activityFrom: string;
  readonly extractDateSource: 'given' | 'derived';
  readonly activityFromSource: 'given' | 'derived';
  /** How a date that was not given was derived, in words. */
  readonly rule: string;
}

/** Condition codes in no code list that are not a known cluster: counted, not rejected, left out of the registers. */
export interface UnknownConditionCodes {
  /** Rows with such a code (accepted, but in no register). */
  readonly rows: number;
  /** Distinct such codes. */
  readonly distinct: number;
  /** People with at least one such row. */
  readonly people: number;
  /** The most frequent (up to 20), most rows first, ties by code; `people` with the code. */
  readonly top: ReadonlyArray<{ readonly code: string; readonly rows: number; readonly people: number }>;
}

/** What {@link loadPopulation} read, accepted and rejected. */
export interface LoadSummary {
  /** The date rows were checked against (the extract date, or today when none was given), `yyyy-mm-dd`. */
  readonly referenceDate: string;
  /** The window the data cover (`population.window`), given or derived. */
  readonly window: WindowSummary;
  readonly patients: SourceSummary;
  readonly activity: SourceSummary;
  readonly conditions: SourceSummary;
  readonly medications: SourceSummary;
  /** Issues by reason code. */
  readonly issuesByCode: Readonly<Partial<Record<ValidationCode, number>>>;
  /** Accepted activity rows whose primary diagnosis is not ICD-10-shaped (kept, not rejected). */
  readonly nonIcd10Diagnoses: number;
  /** Issues whose value was an opted-out person's id, shown as `(opted-out id withheld)`. */
  readonly optedOutIdsWithheld: number;
  /** How every header of every source was used, source by source in header order. */
  readonly columns: readonly ColumnUse[];
  /** How opt-outs are known (as `population.provenance.optOuts`). */
  readonly optOuts: OptOutSource;
  /** Condition codes in no code list (and not a known cluster): counted per code, not rejected. */
  readonly unknownConditionCodes: UnknownConditionCodes;
}

/** The result of {@link loadPopulation}. */
export interface LoadPopulationResult {
  readonly population: Population;
  /** Every issue, in source then row order. */
  readonly rejected: readonly ValidationIssue[];
  readonly summary: LoadSummary;
  /**
   * What the caller must know about the extract, beyond rejected rows: columns the loader
   * does not read (`unrecognised_columns`) or that repeat a field (`duplicate_columns`),
   * opt-outs said to be removed upstream, no registration end or death date column, condition
   * codes that are not clusters (`unknown_condition_codes`).
   */
  readonly warnings: readonly ResultWarning[];
}

/** Internal: how the Synthea adapter loads (its columns are its own, its people synthetic). */
export interface RawLoadContext {
  /** Opt-outs cannot be known for synthetic people: provenance `'synthetic'`, no refusal. */
  synthetic?: boolean;
  /** The column report, per source, instead of the one of the canonical columns given. */
  uses?: Partial<Record<SourceName, readonly ColumnUse[]>>;
  /**
   * Fills the parts of the window the options do not give (`readPopulationChunks` passes the
   * first chunk's, so every chunk has the same window).
   */
  fixedWindow?: PopulationWindowParts;
}

/** The window parts `createPopulation` takes. Internal. */
type PopulationWindowParts = NonNullable<Parameters<typeof createPopulation>[0]['window']>;

/** The window the caller gave: `extractDate` (or `referenceDate`, the same) and `activityFrom`. */
function extractWindow(fn: string, opts: { referenceDate?: string | number | Date | undefined; extractDate?: string | number | Date | undefined; activityFrom?: string | number | Date | undefined }): PopulationWindowParts {
  const ref = opts.referenceDate === undefined ? undefined : toDay(opts.referenceDate)!;
  const ext = opts.extractDate === undefined ? undefined : toDay(opts.extractDate)!;
  if (ref !== undefined && ext !== undefined && ref !== ext) {
    fail({ fn, code: 'invalid_options', path: ['options', 'extractDate'], value: opts.extractDate, message: `referenceDate and extractDate are two names for the extract date; give one (referenceDate is ${formatDay(ref)})` });
  }
  const extractDate = ext ?? ref;
  const activityFrom = opts.activityFrom === undefined ? undefined : toDay(opts.activityFrom)!;
  if (activityFrom !== undefined && extractDate !== undefined && activityFrom > extractDate) {
    fail({ fn, code: 'invalid_options', path: ['options', 'activityFrom'], value: opts.activityFrom, message: `activity cannot be complete from a date after the extract date ${formatDay(extractDate)}` });
  }
  return { ...(extractDate !== undefined ? { extractDate } : {}), ...(activityFrom !== undefined ? { activityFrom } : {}) };
}

/** Internal: sources already read into columns (used by the Synthea adapter and the Node file loader). */
export interface RawSources {
  patients: RawSource;
  activity?: RawSource | undefined;
  conditions?: RawSource | undefined;
  medications?: RawSource | undefined;
}

function keepIndex(rejected: Uint8Array): Uint32Array {
  let m = 0;
  for (let r = 0; r < rejected.length; r++) if (!rejected[r]) m++;
  const keep = new Uint32Array(m);
  let k = 0;
  for (let r = 0; r < rejected.length; r++) if (!rejected[r]) keep[k++] = r;
  return keep;
}

const ICD10_SHAPE = /^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,3}$/;

/** Internal: validates sources already read into columns and builds the population. */
export function loadFromRawSources(fn: string, raw: RawSources, options: LoadPopulationOptions | undefined, context: RawLoadContext = {}): LoadPopulationResult {
  const opts = parseOptions(fn, LoadPopulationOptions, options);
  const given = extractWindow(fn, opts);
  const referenceDate = given.extractDate ?? Math.floor(Date.now() / 86400000);
  const issues: ValidationIssue[] = [];
  const sourceNames: SourceName[] = ['patients', 'activity', 'conditions', 'medications'];
  const resolved = new Map<SourceName, ResolvedSource>();
  const sinks = new Map<SourceName, IssueSink>();
  let total = 0;
  for (const name of sourceNames) {
    const r = raw[name];
    if (r === undefined) continue;
    const res = resolveSource(name, r, opts.columns[name], opts.ignore[name]);
    resolved.set(name, res);
    const sink = new IssueSink(res, issues);
    sinks.set(name, sink);
    total += res.rows;
  }
  const warnings: ResultWarning[] = [];
  const optOuts = optOutSource(fn, resolved.get('patients')!, opts.optOuts, context, warnings);
  const patientsFatal = resolved.get('patients')!.fatal;
  for (const [name, res] of resolved) {
    const sink = sinks.get(name)!;
    for (const i of res.issues) sink.add(i.row - 1, i.field, i.value, i.code, i.message);
    if (name !== 'patients' && patientsFatal && !res.fatal && res.rows > 0) {
      sink.add(-1, '', undefined, 'patients_unavailable', 'the patients source was rejected as a whole, so no row can be matched to a patient');
      res.fatal = true;
    }
  }
  let done = 0;
  const progress = (rows: number): void => {
    done += rows;
    opts.onProgress?.(done, total);
  };

  const pSink = sinks.get('patients')!;
  const patients = validatePatients(pSink, referenceDate, opts.maxAge);
  progress(pSink.src.rows);

  // a source rejected as a whole: every row is rejected (its validation read none of them)
  const finish = (sink: IssueSink): void => {
    if (sink.src.fatal) sink.rejected.fill(1);
  };

  const aSink = sinks.get('activity');
  let activity: Parameters<typeof createPopulation>[0]['activity'];
  let nonIcd10 = 0;
  let hospitalRows: CodedRows | undefined;
  if (aSink) {
    const a = validateActivity(aSink, patients, referenceDate, { maxBedDays: opts.maxBedDays, maxCost: opts.maxCost });
    // the validated arrays hold the accepted rows only, in source order (keep: their source rows)
    finish(aSink);
    if (opts.hospitalConditions !== false) hospitalRows = hospitalDiagnosisRows(a.patient, a.date, a.setting, keepIndex(aSink.rejected), diagnosisColumns(aSink.src, raw.activity!, opts.hospitalConditions));
    const diagnosis = a.diagnosis;
    const valid = a.diagnoses.map((c) => ICD10_SHAPE.test(c));
    for (let k = 0; k < diagnosis.length; k++) if (diagnosis[k]! >= 0 && !valid[diagnosis[k]!]) nonIcd10++;
    activity = {
      patient: a.patient, date: a.date, endDate: a.endDate, setting: a.setting,
      emergency: a.emergency, bedDays: a.bedDays, diagnosis, diagnoses: a.diagnoses, cost: a.cost,
    };
    progress(aSink.src.rows);
  }
  const cSink = sinks.get('conditions');
  let gpConditions: CodedRows | undefined;
  if (cSink) {
    const c = validateCodedEvents(cSink, patients, referenceDate, 'resolvedDate');
    finish(cSink);
    gpConditions = { patient: c.patient, code: c.code, codes: c.codes, date: c.date, resolvedDate: c.endDate };
    progress(cSink.src.rows);
  }
  const lists = [...resolveCodeListsOption(opts.codeLists), ...(opts.conditionCodes ? codeMapAsLists(opts.conditionCodes) : [])];
  const coded = codedConditions(gpConditions, hospitalRows, patients.ids.length, lists);
  const conditions = coded.parts;
  const unknownCodes: UnmappedCounts = coded.unmapped;
  const mSink = sinks.get('medications');
  let medications: Parameters<typeof createPopulation>[0]['medications'];
  if (mSink) {
    const m = validateCodedEvents(mSink, patients, referenceDate, 'endDate');
    finish(mSink);
    medications = { patient: m.patient, code: m.code, codes: m.codes, date: m.date, endDate: m.endDate };
    progress(mSink.src.rows);
  }

  const population = createPopulation({
    ids: patients.ids, practices: patients.practices, practice: patients.practice, sex: patients.sex,
    birthDate: patients.birthDate, deathDate: patients.deathDate, registeredFrom: patients.registeredFrom,
    registeredTo: patients.registeredTo, imdDecile: patients.imdDecile, careHome: patients.careHome,
    optedOut: patients.optedOut, ethnicity: patients.ethnicity, ethnicities: patients.ethnicities,
    ...(activity ? { activity } : {}), ...(conditions ? { conditions } : {}), ...(medications ? { medications } : {}),
    provenance: { optOuts },
    window: { ...context.fixedWindow, ...given },
  });
  const w = population.window;

  const summarise = (name: SourceName): SourceSummary => {
    const sink = sinks.get(name);
    if (!sink) return { provided: false, rowsIn: 0, rowsAccepted: 0, rowsRejected: 0 };
    const rejected = sink.rejectedCount();
    return { provided: true, rowsIn: sink.src.rows, rowsAccepted: sink.src.rows - rejected, rowsRejected: rejected };
  };
  const issuesByCode: Partial<Record<ValidationCode, number>> = {};
  for (const i of issues) issuesByCode[i.code] = (issuesByCode[i.code] ?? 0) + 1;
  const order: Record<SourceName, number> = { patients: 0, activity: 1, conditions: 2, medications: 3 };
  issues.sort((x, y) => order[x.source] - order[y.source] || x.row - y.row);
  // An opted-out person's id never leaves in an issue (a duplicate id, an event of a rejected
  // patient), whether their own row was accepted or rejected: the row number says where.
  const withheld = new Set(patients.optedOutRejected);
  for (let i = 0; i < patients.ids.length; i++) if (patients.optedOut[i]) withheld.add(patients.ids[i]!);
  let optedOutIdsWithheld = 0;
  if (withheld.size > 0) {
    for (let k = 0; k < issues.length; k++) {
      const v = issues[k]!.value;
      if (typeof v === 'string' && withheld.has(v.trim())) {
        issues[k] = { ...issues[k]!, value: OPTED_OUT_ID_WITHHELD };
        optedOutIdsWithheld++;
      }
    }
  }
  const columns: ColumnUse[] = [];
  for (const [name, res] of resolved) columns.push(...(context.uses?.[name] ?? res.uses));
  warnings.unshift(...columnWarnings(columns));
  const unknown = unknownSummary(unknownCodes, coded.unmappedPeople);
  if (unknown.rows > 0) {
    const shown = unknown.top.slice(0, 5).map((u) => `${u.code} (${u.rows} rows, ${u.people} people)`);
    warnings.push(resultWarning('unknown_condition_codes',
      `conditions: ${unknown.rows} row(s) of ${unknown.people} people with ${unknown.distinct} code(s) in no code list and not condition clusters the features know, most often ${shown.join(', ')}; ` +
      'they are in no register, so condition counts, the frailty index and the segments leave them out. If a list is missing, add it with codeLists.',
      { path: ['conditions', 'code'], count: unknown.rows, examples: unknown.top.slice(0, 10).map((u) => u.code) }));
    const mangled = mangledCodes(unknownCodes.keys());
    if (mangled.length > 0) warnings.push(resultWarning('condition_codes_mangled', mangledCodesMessage(mangled), { path: ['conditions', 'code'], count: mangled.length, examples: mangled.slice(0, 10) }));
  }
  return {
    population,
    rejected: issues,
    summary: {
      referenceDate: formatDay(referenceDate),
      window: {
        extractDate: formatDay(w.extractDate), activityFrom: formatDay(w.activityFrom),
        extractDateSource: w.extractDateSource, activityFromSource: w.activityFromSource, rule: w.rule,
      },
      patients: summarise('patients'), activity: summarise('activity'),
      conditions: summarise('conditions'), medications: summarise('medications'), issuesByCode, nonIcd10Diagnoses: nonIcd10, optedOutIdsWithheld,
      columns, optOuts, unknownConditionCodes: unknown,
    },
    warnings,
  };
}

/**
 * How opt-outs are known, or a refusal: an opt-out column gives `'column'`; none, with the
 * caller's word that opt-outs were removed upstream, `'removed-upstream'` (with a warning);
 * none otherwise throws `missing_opt_out`. Also warns when the patients source has no
 * registration end or death date column. Synthetic people (Synthea) are `'synthetic'`.
 */
function optOutSource(fn: string, patients: ResolvedSource, optOuts: 'column' | 'removed-upstream', context: RawLoadContext, warnings: ResultWarning[]): OptOutSource {
  if (context.synthetic) return 'synthetic';
  const seen = patients.columnNames;
  if (seen.length === 0) return optOuts === 'removed-upstream' ? 'removed-upstream' : 'not-recorded';
  const consequence = (field: string, code: 'no_registration_end' | 'no_death_date', what: string): void => {
    if (patients.fields[field] !== undefined) return;
    const aliases = SOURCE_FIELDS.patients.find((f) => f.name === field)!.aliases;
    warnings.push(resultWarning(code, `patients has no ${field} column (looked for ${[field, ...aliases.slice(0, 3)].join(', ')}, ...): ${what}`, { path: ['patients', field] }));
  };
  consequence('registeredTo', 'no_registration_end', 'everyone is taken as still registered, so people who left their practice may be selected and counted');
  consequence('deathDate', 'no_death_date', 'everyone is taken as alive, so people who died may be selected and counted');
  if (patients.fields['optedOut'] !== undefined) return 'column';
  if (optOuts === 'removed-upstream') {
    warnings.push(resultWarning('opt_outs_removed_upstream',
      "patients has no opt-out column and the caller said opt-outs were removed before the extract (optOuts: 'removed-upstream'): " +
      'no one in it is treated as opted out, so the extract must not hold anyone who opted out', { path: ['patients', 'optedOut'] }));
    return 'removed-upstream';
  }
  const ignored = patients.uses.filter((u) => u.use === 'ignored').map((u) => u.column);
  return fail({
    fn, code: 'missing_opt_out', path: ['patients', 'optedOut'], value: seen.join(', '),
    message: `the patients source has no opt-out column, so no one can tell who opted out of their data being used and they could be selected or exported. ` +
      `Columns seen: ${seen.join(', ')}${ignored.length ? ` (ignored: ${ignored.join(', ')})` : ''}. ` +
      `Name the opt-out column with columns: { patients: { optedOut: 'your_column' } } (${SOURCE_FIELDS.patients.find((f) => f.name === 'optedOut')!.aliases.join(', ')} are found by name), ` +
      "or, if opt-outs were removed from the extract before it reached you, say so with optOuts: 'removed-upstream'",
    details: { columns: [...seen] },
  });
}

/** One warning per source for unrecognised columns, one for columns that repeat a field. */
function columnWarnings(columns: readonly ColumnUse[]): ResultWarning[] {
  const out: ResultWarning[] = [];
  for (const source of ['patients', 'activity', 'conditions', 'medications'] as const) {
    const un = columns.filter((c) => c.source === source && c.use === 'unrecognised').map((c) => c.column);
    if (un.length > 0) {
      out.push(resultWarning('unrecognised_columns',
        `${source}: ${un.length} column(s) the loader does not recognise and did not read: ${un.join(', ')}. ` +
        `Name the field each holds with the columns option, or list the ones you do not need in ignore`,
        { path: [source], count: un.length, examples: un.slice(0, 10) }));
    }
    const dup = columns.filter((c) => c.source === source && c.use === 'duplicate');
    if (dup.length > 0) {
      out.push(resultWarning('duplicate_columns',
        `${source}: ${dup.length} column(s) name a field another column already gives and were not read: ${dup.map((d) => `${d.column} (${d.note ?? d.field})`).join('; ')}. ` +
        'Choose the column with the columns option, or list the other in ignore',
        { path: [source], count: dup.length, examples: dup.slice(0, 10).map((d) => d.column) }));
    }
  }
  return out;
}

function unknownSummary(counts: UnmappedCounts, people: number): UnknownConditionCodes {
  let rows = 0;
  for (const k of counts.values()) rows += k.rows;
  const top = [...counts].map(([code, k]) => ({ code, rows: k.rows, people: k.people })).sort((a, b) => b.rows - a.rows || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).slice(0, 20);
  return { rows, distinct: counts.size, people, top };
}

/**
 * Validates a GP-registered population and its events and builds the columnar
 * {@link Population}. Each source may be an array of records, CSV text, or an arquero
 * table (detected by its `columnNames`/`numRows`/`array` methods). Nothing is dropped
 * silently: every row that is not accepted appears in `rejected` with its source, row
 * number (1-based, header excluded), field, raw value and a reason code (see
 * `VALIDATION_CODES`), and `summary` counts rows in, accepted and rejected per source
 * (`rowsIn = rowsAccepted + rowsRejected`, always). Bad rows never throw.
 *
 * Every column is accounted for: `summary.columns` says how each header of each source was
 * used (read as which field and by which rule, ignored, a duplicate, or unrecognised), and
 * `warnings` names unrecognised columns, missing registration end and death date columns and
 * condition codes that are not clusters. An extract is never assumed to have no opt-outs: a
 * patients source without an opt-out column is refused (`missing_opt_out`) unless
 * `optOuts: 'removed-upstream'` says they were removed before it reached you.
 *
 * Rules: patients need `id`, `practiceId` and `birthDate` or `birthYear`; a repeated
 * patient id keeps the FIRST valid row and rejects the later ones (`duplicate_id`); an
 * event whose patient is absent or rejected is rejected (`unknown_patient`,
 * `patient_rejected`); dates after `referenceDate` and event dates before birth are
 * rejected; a primary diagnosis is normalised (upper case, no dot) and kept even when it
 * is not ICD-10 (counted in `summary.nonIcd10Diagnoses`). Population rows keep the input
 * order of the accepted patients. File paths are read by `loadPopulationFromFiles` in
 * `risk-stratify/node`.
 *
 * The population knows its window (`population.window`, shown in `summary.window`): the
 * extract date (`extractDate` / `referenceDate`, or the latest date in the data) and the first
 * date from which activity is complete (`activityFrom`, or derived by the rule in
 * `summary.window.rule`). Every later step refuses as-of dates and horizons past the extract
 * date and warns about lookbacks that start before activity is complete.
 *
 * O(total rows + CSV characters); one array per column, no object per row for CSV and
 * arquero input. CSV cells are read in place from the text: dates without a substring,
 * coded fields (sex, flags, IMD decile, practice, ethnicity) parsed once per distinct
 * value; a string is made per row only for the id.
 *
 * @param sources - `patients` (required), `activity`, `conditions`, `medications`.
 * @param options - See {@link LoadPopulationOptions}.
 * @returns `{ population, rejected, summary, warnings }`.
 * @throws RiskStratifyError `invalid_options` for bad options, `unsupported` when a source
 *   is a file path, `invalid_input` when a source is not records, text or a table,
 *   `missing_opt_out` when the patients source has no opt-out column and `optOuts` is not
 *   `'removed-upstream'`.
 * @example
 * const { population, rejected, summary, warnings } = loadPopulation({
 *   patients: 'nhs_pseudo_id,practice_code,gender,dob,national_opt_out,gp_name\np1,A1,F,01/02/1950,N,Dr A\np2,A1,Q,1960-01-01,N,Dr B\n',
 * }, { referenceDate: '2024-04-01' });
 * population.size;     // => 1
 * rejected[0]!.code;   // => 'unknown_sex'
 * rejected[0]!.row;    // => 2
 * summary.patients;    // => { provided: true, rowsIn: 2, rowsAccepted: 1, rowsRejected: 1 }
 * summary.window.extractDate; // => '2024-04-01'
 * summary.columns[0];  // => { source: 'patients', column: 'nhs_pseudo_id', use: 'field', field: 'id', rule: 'alias' }
 * warnings.map((w) => w.code); // => ['unrecognised_columns', 'no_registration_end', 'no_death_date']
 */
export function loadPopulation(sources: PopulationSources, options?: LoadPopulationOptions): LoadPopulationResult {
  return loadPopulationSources(FN, sources, options);
}

/** Internal: {@link loadPopulation} under another function's name, with a window to fill in (see `RawLoadContext.fixedWindow`). */
export function loadPopulationSources(fn: string, sources: PopulationSources, options: LoadPopulationOptions | undefined, fixedWindow?: PopulationWindowParts): LoadPopulationResult {
  const delimiter = typeof options === 'object' && options !== null && typeof options.delimiter === 'string' ? options.delimiter : ',';
  const context: RawLoadContext = fixedWindow ? { fixedWindow } : {};
  if (typeof sources !== 'object' || sources === null || sources.patients === undefined) {
    return loadFromRawSources(fn, { patients: readSource(fn, 'patients', (sources as { patients?: unknown } | null)?.patients, delimiter) }, options, context);
  }
  const raw: RawSources = { patients: readSource(fn, 'patients', sources.patients, delimiter) };
  if (sources.activity !== undefined) raw.activity = readSource(fn, 'activity', sources.activity, delimiter);
  if (sources.conditions !== undefined) raw.conditions = readSource(fn, 'conditions', sources.conditions, delimiter);
  if (sources.medications !== undefined) raw.medications = readSource(fn, 'medications', sources.medications, delimiter);
  return loadFromRawSources(fn, raw, options, context);
}

/**
 * {@link loadPopulation} returning a result instead of throwing (for batch callers).
 *
 * @param sources - As for {@link loadPopulation}.
 * @param options - As for {@link loadPopulation}.
 * @returns `{ ok: true, value }` or `{ ok: false, error }` with the `RiskStratifyError`.
 * @example
 * safeLoadPopulation({ patients: 'patients.csv' }).ok; // => false (error code 'unsupported')
 * safeLoadPopulation({ patients: 'id,practiceId,dob\np1,A1,01/02/1950\n' }).ok; // => false (error code 'missing_opt_out')
 */
export function safeLoadPopulation(sources: PopulationSources, options?: LoadPopulationOptions): SafeResult<LoadPopulationResult> {
  return toSafe(() => loadPopulation(sources, options));
}
