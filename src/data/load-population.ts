import { z } from 'zod';
import { formatDay, toDay } from '../core/dates.js';
import { fail, toSafe, type SafeResult } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { createPopulation, type Population } from '../core/population.js';
import type { SourceName, ValidationCode, ValidationIssue } from '../schema/validation-issue.js';
import { IssueSink } from './issue-sink.js';
import { readSource, resolveSource, type RawSource, type ResolvedSource, type SourceInput } from './read-source.js';
import { validateActivity, validateCodedEvents } from './validate-events.js';
import { validatePatients } from './validate-patients.js';

const FN = 'loadPopulation';

const PATIENT_FIELDS = ['id', 'practiceId', 'sex', 'birthDate', 'birthYear', 'deathDate', 'registeredFrom', 'registeredTo', 'imdDecile', 'careHome', 'optedOut', 'ethnicity'] as const;
const ACTIVITY_FIELDS = ['patientId', 'date', 'setting', 'emergency', 'dischargeDate', 'bedDays', 'primaryDiagnosis', 'cost'] as const;
const CONDITION_FIELDS = ['patientId', 'code', 'date', 'resolvedDate'] as const;
const MEDICATION_FIELDS = ['patientId', 'date', 'endDate', 'code'] as const;
type PerSourceColumns = Partial<Record<'patients' | 'activity' | 'conditions' | 'medications', Partial<Record<string, string>>>>;

const mapping = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.string().min(1).optional()])) as Record<K, z.ZodOptional<z.ZodString>>).strict();

const DateOption = z
  .union([z.string(), z.number().int(), z.date()])
  .refine((v) => toDay(v) !== undefined, { message: 'is not a date (yyyy-mm-dd, dd/mm/yyyy, day number or Date)' });

/**
 * Options of {@link loadPopulation}:
 * - `columns`: per source, which input column holds each field, e.g.
 *   `{ patients: { id: 'nhs_pseudo_id' }, activity: { date: 'admidate' } }`, or one flat
 *   mapping applied to every source that has the field (`{ patientId: 'pid' }`). Without a
 *   mapping a field is found by its own name, then by a loose match ignoring case, `_` and
 *   spaces (`birth_date`, `BirthDate`), then by a few common aliases (`dob`, `gender`,
 *   `admimeth`, `diag_01`...).
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
 * - `conditionCodes`: map clinical codes in the conditions source to condition clusters
 *   (`{ '195967001': 'asthma' }`); codes not in the map are rejected as `unmapped_code`.
 *   Without it, condition codes are taken as clusters as given.
 * - `delimiter` (default `,`): the CSV field separator.
 * - `onProgress(done, total)`: called as sources are validated (rows done, rows in total).
 */
export const LoadPopulationOptions = z
  .object({
    columns: z
      .union([
        z.object({
          patients: mapping(PATIENT_FIELDS).optional(),
          activity: mapping(ACTIVITY_FIELDS).optional(),
          conditions: mapping(CONDITION_FIELDS).optional(),
          medications: mapping(MEDICATION_FIELDS).optional(),
        }).strict(),
        // the flat form: one mapping for every source that has the field
        mapping([...new Set([...PATIENT_FIELDS, ...ACTIVITY_FIELDS, ...CONDITION_FIELDS, ...MEDICATION_FIELDS])]),
      ])
      .transform((c): PerSourceColumns => {
        if (['patients', 'activity', 'conditions', 'medications'].some((k) => k in c)) return c as PerSourceColumns;
        const flat = c as Record<string, string | undefined>;
        const pick = (fields: readonly string[]) => Object.fromEntries(fields.filter((f) => flat[f] !== undefined).map((f) => [f, flat[f]!]));
        return { patients: pick(PATIENT_FIELDS), activity: pick(ACTIVITY_FIELDS), conditions: pick(CONDITION_FIELDS), medications: pick(MEDICATION_FIELDS) };
      })
      .default({}),
    referenceDate: DateOption.optional(),
    extractDate: DateOption.optional(),
    activityFrom: DateOption.optional(),
    maxAge: z.number().int().min(1).max(150).default(120),
    conditionCodes: z.record(z.string(), z.string().min(1)).optional(),
    delimiter: z.string().length(1).default(','),
    onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' }).optional(),
  })
  .strict();
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
}

/** The result of {@link loadPopulation}. */
export interface LoadPopulationResult {
  readonly population: Population;
  /** Every issue, in source then row order. */
  readonly rejected: readonly ValidationIssue[];
  readonly summary: LoadSummary;
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

function pick<T extends Int32Array | Uint32Array | Uint8Array | Float32Array | Float64Array>(a: T, keep: Uint32Array): T {
  const out = new (a.constructor as new (n: number) => T)(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = a[keep[k]!]!;
  return out;
}

const ICD10_SHAPE = /^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,3}$/;

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

/**
 * Internal: validates sources already read into columns and builds the population.
 * `fixedWindow` fills the parts of the window the options do not give (`readPopulationChunks`
 * passes the first chunk's, so every chunk has the same window).
 */
export function loadFromRawSources(fn: string, raw: RawSources, options: LoadPopulationOptions | undefined, fixedWindow?: PopulationWindowParts): LoadPopulationResult {
  const opts = parseOptions(fn, LoadPopulationOptions, options);
  const given = extractWindow(fn, opts);
  const referenceDate = given.extractDate ?? Math.floor(Date.now() / 86400000);
  const issues: ValidationIssue[] = [];
  const names: SourceName[] = ['patients', 'activity', 'conditions', 'medications'];
  const resolved = new Map<SourceName, ResolvedSource>();
  const sinks = new Map<SourceName, IssueSink>();
  let total = 0;
  for (const name of names) {
    const r = raw[name];
    if (r === undefined) continue;
    const res = resolveSource(name, r, opts.columns[name]);
    resolved.set(name, res);
    const sink = new IssueSink(res, issues);
    sinks.set(name, sink);
    total += res.rows;
  }
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

  const finish = (sink: IssueSink | undefined): Uint32Array => {
    if (!sink) return new Uint32Array(0);
    if (sink.src.fatal) sink.rejected.fill(1);
    return keepIndex(sink.rejected);
  };

  const aSink = sinks.get('activity');
  let activity: Parameters<typeof createPopulation>[0]['activity'];
  let nonIcd10 = 0;
  if (aSink) {
    const a = validateActivity(aSink, patients, referenceDate);
    const keep = finish(aSink);
    const diagnosis = pick(a.diagnosis, keep);
    const valid = a.diagnoses.map((c) => ICD10_SHAPE.test(c));
    for (let k = 0; k < diagnosis.length; k++) if (diagnosis[k]! >= 0 && !valid[diagnosis[k]!]) nonIcd10++;
    activity = {
      patient: pick(a.patient, keep), date: pick(a.date, keep), endDate: pick(a.endDate, keep), setting: pick(a.setting, keep),
      emergency: pick(a.emergency, keep), bedDays: pick(a.bedDays, keep), diagnosis, diagnoses: a.diagnoses, cost: pick(a.cost, keep),
    };
    progress(aSink.src.rows);
  }
  const cSink = sinks.get('conditions');
  let conditions: Parameters<typeof createPopulation>[0]['conditions'];
  if (cSink) {
    const c = validateCodedEvents(cSink, patients, referenceDate, 'resolvedDate', opts.conditionCodes);
    const keep = finish(cSink);
    conditions = { patient: pick(c.patient, keep), code: pick(c.code, keep), codes: c.codes, date: pick(c.date, keep), resolvedDate: pick(c.endDate, keep) };
    progress(cSink.src.rows);
  }
  const mSink = sinks.get('medications');
  let medications: Parameters<typeof createPopulation>[0]['medications'];
  if (mSink) {
    const m = validateCodedEvents(mSink, patients, referenceDate, 'endDate', undefined);
    const keep = finish(mSink);
    medications = { patient: pick(m.patient, keep), code: pick(m.code, keep), codes: m.codes, date: pick(m.date, keep), endDate: pick(m.endDate, keep) };
    progress(mSink.src.rows);
  }

  const population = createPopulation({
    ids: patients.ids, practices: patients.practices, practice: patients.practice, sex: patients.sex,
    birthDate: patients.birthDate, deathDate: patients.deathDate, registeredFrom: patients.registeredFrom,
    registeredTo: patients.registeredTo, imdDecile: patients.imdDecile, careHome: patients.careHome,
    optedOut: patients.optedOut, ethnicity: patients.ethnicity, ethnicities: patients.ethnicities,
    ...(activity ? { activity } : {}), ...(conditions ? { conditions } : {}), ...(medications ? { medications } : {}),
    window: { ...fixedWindow, ...given },
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
      conditions: summarise('conditions'), medications: summarise('medications'), issuesByCode, nonIcd10Diagnoses: nonIcd10,
    },
  };
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
 * @returns `{ population, rejected, summary }`.
 * @throws RiskStratifyError `invalid_options` for bad options, `unsupported` when a source
 *   is a file path, `invalid_input` when a source is not records, text or a table.
 * @example
 * const { population, rejected, summary } = loadPopulation({
 *   patients: 'id,practiceId,sex,birthDate\np1,A1,F,01/02/1950\np2,A1,Q,1960-01-01\n',
 * }, { referenceDate: '2024-04-01' });
 * population.size;     // => 1
 * rejected[0]!.code;   // => 'unknown_sex'
 * rejected[0]!.row;    // => 2
 * summary.patients;    // => { provided: true, rowsIn: 2, rowsAccepted: 1, rowsRejected: 1 }
 * summary.window.extractDate; // => '2024-04-01'
 */
export function loadPopulation(sources: PopulationSources, options?: LoadPopulationOptions): LoadPopulationResult {
  return loadPopulationSources(FN, sources, options);
}

/** Internal: {@link loadPopulation} under another function's name, with a window to fill in (see `loadFromRawSources`). */
export function loadPopulationSources(fn: string, sources: PopulationSources, options: LoadPopulationOptions | undefined, fixedWindow?: PopulationWindowParts): LoadPopulationResult {
  const delimiter = typeof options === 'object' && options !== null && typeof options.delimiter === 'string' ? options.delimiter : ',';
  if (typeof sources !== 'object' || sources === null || sources.patients === undefined) {
    return loadFromRawSources(fn, { patients: readSource(fn, 'patients', (sources as { patients?: unknown } | null)?.patients, delimiter) }, options, fixedWindow);
  }
  const raw: RawSources = { patients: readSource(fn, 'patients', sources.patients, delimiter) };
  if (sources.activity !== undefined) raw.activity = readSource(fn, 'activity', sources.activity, delimiter);
  if (sources.conditions !== undefined) raw.conditions = readSource(fn, 'conditions', sources.conditions, delimiter);
  if (sources.medications !== undefined) raw.medications = readSource(fn, 'medications', sources.medications, delimiter);
  return loadFromRawSources(fn, raw, options, fixedWindow);
}

/**
 * {@link loadPopulation} returning a result instead of throwing (for batch callers).
 *
 * @param sources - As for {@link loadPopulation}.
 * @param options - As for {@link loadPopulation}.
 * @returns `{ ok: true, value }` or `{ ok: false, error }` with the `RiskStratifyError`.
 * @example
 * safeLoadPopulation({ patients: 'patients.csv' }).ok; // => false (error code 'unsupported')
 */
export function safeLoadPopulation(sources: PopulationSources, options?: LoadPopulationOptions): SafeResult<LoadPopulationResult> {
  return toSafe(() => loadPopulation(sources, options));
}
