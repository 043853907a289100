import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { parseDayValue } from '../schema/parse-day-value.js';
import { loadFromRawSources, type LoadPopulationResult } from './load-population.js';
import { parseCsv, type CsvTable } from './parse-csv.js';
import type { RawIssue, RawSource } from './read-source.js';
import type { ColumnUse } from './resolve-columns.js';
import type { SourceName } from '../schema/validation-issue.js';
import { arrayColumn } from './column.js';
import { SYNTHEA_ICD10_MAP } from './synthea-icd10-map.js';
import { SYNTHEA_LTC_MAP } from './synthea-ltc-map.js';

/** A map's own value for `key` (never a member of Object.prototype such as `constructor`). */
const ownValue = <T>(map: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

const FN = 'fromSyntheaTables';

/**
 * Options of {@link fromSyntheaTables} (and `fromSynthea` in `risk-stratify/node`):
 * `referenceDate` or `extractDate` (the export date; rows are checked against today, UTC, and
 * the window ends at the latest date in the data when neither is given), `activityFrom` (the
 * first date from which activity is complete; default derived as `loadPopulation` derives it),
 * `maxAge` (default 120),
 * `onProgress`, and `practice`: `'organization'` (default) makes each patient's practice
 * the `ORGANIZATION` of most of their wellness and ambulatory (primary care) encounters
 * (ties: the smallest organisation id; no such encounter: any encounter; none at all:
 * `practiceCode`), `'single'` puts everyone in one practice, `practiceCode` (default
 * `SYNTHEA`). Synthea has no GP practices: its organisations split a small export into
 * groups too small for a per-practice top 2% (83 "practices" for 111 people), so use
 * `'single'` unless you want that split.
 */
export const SyntheaOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    referenceDate: z.optional(z.union([z.string(), z.number().check(z.int()), z.date()])),
    extractDate: z.optional(z.union([z.string(), z.number().check(z.int()), z.date()])),
    activityFrom: z.optional(z.union([z.string(), z.number().check(z.int()), z.date()])),
    maxAge: z._default(z.number().check(z.int(), z.gte(1), z.lte(150)), 120),
    onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' })),
    practice: z._default(z.enum(['organization', 'single']), 'organization'),
    practiceCode: z._default(z.string().check(z.trim(), z.minLength(1)), 'SYNTHEA'),
    /** Also derive registers from hospital encounters' diagnoses (as `loadPopulation`'s `hospitalConditions`). */
    hospitalConditions: z._default(z.boolean(), false),
  })).shape));
export type SyntheaOptions = z.input<typeof SyntheaOptions>;

/** The CSV texts of a Synthea export (modern CSV layout). */
export interface SyntheaTables {
  patients: string;
  encounters: string;
  conditions?: string;
  medications?: string;
}

/** {@link LoadPopulationResult} plus what the Synthea mapping left out, by reason. */
export interface SyntheaResult extends LoadPopulationResult {
  readonly synthea: {
    /** Encounter rows not mapped to activity, by reason (`hospice`, `snf`). */
    readonly skippedEncounters: Readonly<Record<string, number>>;
    /** Condition rows not mapped to a long-term condition, by reason (`finding`, `situation`, `not_in_ltc_map`, ...). */
    readonly skippedConditions: Readonly<Record<string, number>>;
    /** How practices were assigned. */
    readonly practice: 'organization' | 'single';
  };
}

const REQUIRED: Record<string, readonly string[]> = {
  'patients.csv': ['Id', 'BIRTHDATE', 'GENDER'],
  'encounters.csv': ['START', 'PATIENT', 'ENCOUNTERCLASS'],
  'conditions.csv': ['START', 'PATIENT', 'CODE'],
  'medications.csv': ['START', 'PATIENT', 'CODE'],
};

function read(file: string, text: string): { table: CsvTable; col: (name: string) => string[] } {
  if (typeof text !== 'string') fail({ fn: FN, code: 'invalid_input', path: [file], value: text, message: 'must be the CSV text of the Synthea table' });
  const table = parseCsv(text);
  const empty = table.issues.find((i) => i.row === 0);
  if (empty) fail({ fn: FN, code: 'csv_malformed', path: [file], value: empty.message, message: `${file} cannot be read as CSV` });
  const missing = REQUIRED[file]!.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    fail({ fn: FN, code: 'missing_column', path: [file], value: missing.join(', '), message: `${file} lacks the Synthea column(s) ${missing.join(', ')}`, details: { missing } });
  }
  const blank = new Array<string>(table.rows).fill('');
  return { table, col: (name) => table.columns[table.header.indexOf(name)] ?? blank };
}

function rawIssues(table: CsvTable, keepRow?: (r: number) => boolean): { issues: RawIssue[]; bad: Set<number> } {
  const bad = new Set<number>();
  const issues: RawIssue[] = [];
  for (const i of table.issues) {
    bad.add(i.row - 1);
    if (keepRow === undefined || keepRow(i.row - 1)) issues.push({ row: i.row, field: '', value: undefined, code: i.code, message: `line ${i.line}: ${i.message}` });
  }
  return { issues, bad };
}

function source(file: string, columns: Record<string, unknown[]>, rows: number, rowNumbers: number[], issues: RawIssue[]): RawSource {
  // issues refer to file rows; re-number them to positions in this source
  const position = new Map<number, number>();
  rowNumbers.forEach((fileRow, k) => position.set(fileRow, k + 1));
  const mapped = issues.map((i) => ({ ...i, row: position.get(i.row) ?? 0 })).filter((i) => i.row > 0);
  return { rows, columnNames: Object.keys(columns), column: (name) => arrayColumn(columns[name] ?? []), issues: mapped, rowNumbers, file };
}

const PRIMARY = new Set(['wellness', 'ambulatory']);
const SETTING_OF: Record<string, string> = {
  emergency: 'ae', inpatient: 'inpatient', outpatient: 'outpatient',
  ambulatory: 'gp', wellness: 'gp', urgentcare: 'gp', virtual: 'gp',
};
const EXCLUDED = new Set(['hospice', 'snf']);

/**
 * Maps a Synthea CSV export (patients, encounters, and optionally conditions and
 * medications, as CSV text) to a validated {@link core!Population}, through the same rules as
 * `loadPopulation`. Browser-safe; `fromSynthea(dir)` in `risk-stratify/node` reads the
 * files for you.
 *
 * Mapping:
 * - patients: `Id`, `BIRTHDATE`, `DEATHDATE`, `GENDER`; ethnicity = `RACE` (US census
 *   categories); registered from birth; IMD decile unknown (Synthea has none); practice per
 *   {@link SyntheaOptions} `practice`.
 * - encounters by `ENCOUNTERCLASS`: `emergency` -> an A&E attendance (emergency);
 *   `inpatient` -> an admission, EMERGENCY when it starts on the day of or the day after
 *   an emergency encounter of the same patient (admitted through A&E), otherwise elective;
 *   `STOP` is the discharge date and bed days are whole days between the START and STOP
 *   dates; `ambulatory`, `wellness`, `urgentcare`, `virtual` -> GP (primary care) contacts;
 *   `outpatient` -> outpatient; `hospice` and `snf` are left out and counted in
 *   `synthea.skippedEncounters`; any other class is rejected as `unknown_setting`.
 *   Cost = `TOTAL_CLAIM_COST` (US dollars as Synthea writes them). Diagnosis: Synthea codes
 *   reasons in SNOMED CT, not ICD-10; the reasons in `SYNTHEA_ICD10_MAP` get their ICD-10
 *   code, all others no diagnosis, so avoidable-admission (ACSC) flags cover only those.
 * - conditions: only codes in `SYNTHEA_LTC_MAP` become long-term conditions (date
 *   `START`, resolved `STOP`); the rest are skipped and counted by SNOMED semantic tag
 *   (`finding`, `situation`, ...) or `not_in_ltc_map`.
 * - medications: `START`, `STOP`, RxNorm `CODE`.
 *
 * Issue row numbers and `file` refer to the Synthea file rows. For activity and
 * conditions, `summary.rowsIn` counts mapped rows: file rows = rowsIn + skipped.
 * `summary.columns` reports every column of each Synthea file: the ones the mapping reads
 * (rule `synthea`) and the rest `ignored`. The people are synthetic, so there is no opt-out
 * to read and no refusal: `population.provenance.optOuts` is `'synthetic'`.
 *
 * @param tables - The CSV texts.
 * @param options - See {@link SyntheaOptions}.
 * @returns The `loadPopulation` result plus `synthea` (what was skipped and why).
 * @throws RiskStratifyError `missing_column` when a table lacks a Synthea column,
 *   `csv_malformed` when a table is empty, `invalid_options` for bad options.
 * @example
 * const r = fromSyntheaTables({ patients: patientsCsv, encounters: encountersCsv }, { referenceDate: '2023-10-16' });
 * r.population.size; // => the number of patients accepted
 */
export function fromSyntheaTables(tables: SyntheaTables, options?: SyntheaOptions): SyntheaResult {
  const opts = parseOptions(FN, SyntheaOptions, options);
  const pat = read('patients.csv', tables.patients);
  const enc = read('encounters.csv', tables.encounters);

  // encounters -> activity
  const eClass = enc.col('ENCOUNTERCLASS');
  const ePatient = enc.col('PATIENT');
  const eStart = enc.col('START');
  const eStop = enc.col('STOP');
  const eOrg = enc.col('ORGANIZATION');
  const eReason = enc.col('REASONCODE');
  const eCost = enc.col('TOTAL_CLAIM_COST');
  const encIssues = rawIssues(enc.table);
  const skippedEncounters: Record<string, number> = {};
  const emergencyDays = new Set<string>();
  for (let r = 0; r < enc.table.rows; r++) {
    if (eClass[r]!.trim().toLowerCase() === 'emergency') {
      const d = parseDayValue(eStart[r]);
      if (!Number.isNaN(d)) emergencyDays.add(`${ePatient[r]}\t${d}`);
    }
  }
  const act: Record<string, unknown[]> = { patientId: [], date: [], setting: [], emergency: [], dischargeDate: [], primaryDiagnosis: [], cost: [] };
  const actRows: number[] = [];
  for (let r = 0; r < enc.table.rows; r++) {
    const cls = eClass[r]!.trim().toLowerCase();
    if (EXCLUDED.has(cls) && !encIssues.bad.has(r)) {
      skippedEncounters[cls] = (skippedEncounters[cls] ?? 0) + 1;
      continue;
    }
    const setting = SETTING_OF[cls] ?? eClass[r]!;
    let emergency = '0';
    if (setting === 'ae') emergency = '1';
    else if (setting === 'inpatient') {
      const d = parseDayValue(eStart[r]);
      if (!Number.isNaN(d) && (emergencyDays.has(`${ePatient[r]}\t${d}`) || emergencyDays.has(`${ePatient[r]}\t${d - 1}`))) emergency = '1';
    }
    act['patientId']!.push(ePatient[r]);
    act['date']!.push(eStart[r]);
    act['setting']!.push(setting);
    act['emergency']!.push(emergency);
    act['dischargeDate']!.push(setting === 'inpatient' ? eStop[r] : '');
    act['primaryDiagnosis']!.push(ownValue(SYNTHEA_ICD10_MAP, eReason[r]!.trim()) ?? '');
    act['cost']!.push(eCost[r]);
    actRows.push(r + 1);
  }

  // practice per patient
  const orgCounts = new Map<string, Map<string, number>>();
  const anyOrg = new Map<string, Map<string, number>>();
  if (opts.practice === 'organization') {
    for (let r = 0; r < enc.table.rows; r++) {
      const org = eOrg[r]!.trim();
      if (org === '' || encIssues.bad.has(r)) continue;
      const target = PRIMARY.has(eClass[r]!.trim().toLowerCase()) ? orgCounts : anyOrg;
      let m = target.get(ePatient[r]!);
      if (!m) target.set(ePatient[r]!, (m = new Map()));
      m.set(org, (m.get(org) ?? 0) + 1);
    }
  }
  const best = (m: Map<string, number> | undefined): string | undefined => {
    if (!m) return undefined;
    let top: string | undefined;
    let n = -1;
    for (const [org, k] of m) if (k > n || (k === n && org < top!)) { top = org; n = k; }
    return top;
  };

  // patients
  const pId = pat.col('Id');
  const pIssues = rawIssues(pat.table);
  const patientCols: Record<string, unknown[]> = {
    id: pId, birthDate: pat.col('BIRTHDATE'), deathDate: pat.col('DEATHDATE'), sex: pat.col('GENDER'), ethnicity: pat.col('RACE'),
    practiceId: pId.map((id) => (opts.practice === 'single' ? opts.practiceCode : best(orgCounts.get(id)) ?? best(anyOrg.get(id)) ?? opts.practiceCode)),
  };
  const patRows = Array.from({ length: pat.table.rows }, (_, r) => r + 1);

  // conditions
  const skippedConditions: Record<string, number> = {};
  let conditions: RawSource | undefined;
  let conHeader: readonly string[] = [];
  if (tables.conditions !== undefined) {
    const con = read('conditions.csv', tables.conditions);
    conHeader = con.table.header;
    const cCode = con.col('CODE');
    const cDesc = con.col('DESCRIPTION');
    const cIssues = rawIssues(con.table);
    const cols: Record<string, unknown[]> = { patientId: [], code: [], date: [], resolvedDate: [] };
    const rows: number[] = [];
    const cPatient = con.col('PATIENT');
    const cStart = con.col('START');
    const cStop = con.col('STOP');
    for (let r = 0; r < con.table.rows; r++) {
      const cluster = ownValue(SYNTHEA_LTC_MAP, cCode[r]!.trim());
      if (cluster === undefined && !cIssues.bad.has(r)) {
        const tag = /\(([^()]+)\)\s*$/.exec(cDesc[r]!)?.[1]?.trim().toLowerCase();
        const reason = tag === undefined || tag === 'disorder' ? 'not_in_ltc_map' : tag;
        skippedConditions[reason] = (skippedConditions[reason] ?? 0) + 1;
        continue;
      }
      cols['patientId']!.push(cPatient[r]);
      cols['code']!.push(cluster ?? cCode[r]);
      cols['date']!.push(cStart[r]);
      cols['resolvedDate']!.push(cStop[r]);
      rows.push(r + 1);
    }
    conditions = source('conditions.csv', cols, rows.length, rows, cIssues.issues);
  }

  let medications: RawSource | undefined;
  let medHeader: readonly string[] = [];
  if (tables.medications !== undefined) {
    const med = read('medications.csv', tables.medications);
    medHeader = med.table.header;
    const rows = Array.from({ length: med.table.rows }, (_, r) => r + 1);
    medications = source('medications.csv', { patientId: med.col('PATIENT'), date: med.col('START'), endDate: med.col('STOP'), code: med.col('CODE') },
      med.table.rows, rows, rawIssues(med.table).issues);
  }

  const result = loadFromRawSources(FN, {
    patients: source('patients.csv', patientCols, pat.table.rows, patRows, pIssues.issues),
    activity: source('encounters.csv', act, actRows.length, actRows, encIssues.issues),
    conditions,
    medications,
  }, {
    maxAge: opts.maxAge,
    ...(opts.referenceDate !== undefined ? { referenceDate: opts.referenceDate } : {}),
    ...(opts.extractDate !== undefined ? { extractDate: opts.extractDate } : {}),
    ...(opts.activityFrom !== undefined ? { activityFrom: opts.activityFrom } : {}),
    ...(opts.onProgress !== undefined ? { onProgress: opts.onProgress } : {}),
    hospitalConditions: opts.hospitalConditions,
  }, {
    synthetic: true,
    uses: {
      patients: syntheaUses('patients', 'patients.csv', pat.table.header, USED.patients),
      activity: syntheaUses('activity', 'encounters.csv', enc.table.header, opts.practice === 'organization' ? USED.encountersWithPractice : USED.encounters),
      ...(tables.conditions !== undefined ? { conditions: syntheaUses('conditions', 'conditions.csv', conHeader, USED.conditions) } : {}),
      ...(tables.medications !== undefined ? { medications: syntheaUses('medications', 'medications.csv', medHeader, USED.medications) } : {}),
    },
  });
  return { ...result, synthea: { skippedEncounters, skippedConditions, practice: opts.practice } };
}

/** The Synthea columns the mapping reads, per table: header -> [source, field, how]. */
const USED: Record<string, Record<string, readonly [SourceName, string, string?]>> = {
  patients: { Id: ['patients', 'id'], BIRTHDATE: ['patients', 'birthDate'], DEATHDATE: ['patients', 'deathDate'], GENDER: ['patients', 'sex'], RACE: ['patients', 'ethnicity', 'US census race categories'] },
  encounters: {
    PATIENT: ['activity', 'patientId'], START: ['activity', 'date'], STOP: ['activity', 'dischargeDate', 'inpatient encounters only'],
    ENCOUNTERCLASS: ['activity', 'setting', 'also emergency: A&E, and admissions starting on the day of or after an emergency encounter'],
    REASONCODE: ['activity', 'primaryDiagnosis', 'SNOMED CT reasons in SYNTHEA_ICD10_MAP only'], TOTAL_CLAIM_COST: ['activity', 'cost', 'US dollars'],
  },
  encountersWithPractice: {},
  conditions: { PATIENT: ['conditions', 'patientId'], CODE: ['conditions', 'code', 'SNOMED CT codes in SYNTHEA_LTC_MAP only'], START: ['conditions', 'date'], STOP: ['conditions', 'resolvedDate'] },
  medications: { PATIENT: ['medications', 'patientId'], CODE: ['medications', 'code', 'RxNorm'], START: ['medications', 'date'], STOP: ['medications', 'endDate'] },
};
USED['encountersWithPractice'] = { ...USED['encounters']!, ORGANIZATION: ['patients', 'practiceId', 'the organisation of most of the person\'s primary care encounters'] };

/** The column report of one Synthea table: the columns the mapping reads, the rest ignored. */
function syntheaUses(source: SourceName, file: string, header: readonly string[], used: Record<string, readonly [SourceName, string, string?]> | undefined): ColumnUse[] {
  return header.map((column) => {
    const u = used?.[column];
    if (u === undefined) {
      const note = column === 'DESCRIPTION' && source === 'conditions' ? 'read only to count skipped rows by SNOMED CT semantic tag' : 'not used by the Synthea mapping';
      return { source, file, column, use: 'ignored', note };
    }
    return { source, file, column, use: 'field', field: u[0] === source ? u[1] : `${u[0]}.${u[1]}`, rule: 'synthea', ...(u[2] !== undefined ? { note: u[2] } : {}) };
  });
}
