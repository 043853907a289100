// Internal: the loader's condition handling: coded rows (GP and, optionally, hospital
// diagnoses) -> register rows through code lists, unmapped codes counted.
import { NO_DATE } from '../core/dates.js';
import { SETTING, type ConditionParts } from '../core/population.js';
import { clusterKey } from '../codelists/cluster-key.js';
import type { ParsedCodeList } from '../codelists/code-list.js';
import { indexCodeLists, type CodeClusters } from '../codelists/code-list-index.js';
import { registerRows, SOURCE_GP, SOURCE_HOSPITAL } from '../codelists/condition-rows.js';
import { ICD10_LTC_CODE_LISTS } from '../codelists/icd10-ltc-code-lists.js';
import { normaliseIcd10 } from '../schema/normalise-icd10.js';
import type { Column } from './column.js';
import type { RawSource, ResolvedSource } from './read-source.js';
import { isKnownConditionCluster } from './known-condition-clusters.js';

/** Condition rows as validated (accepted rows only): `code` indexes `codes` as the extract writes them. */
export interface CodedRows {
  patient: ArrayLike<number>;
  code: ArrayLike<number>;
  codes: readonly string[];
  date: ArrayLike<number>;
  resolvedDate: ArrayLike<number>;
}

/** Per code in no list (GP conditions only): rows and distinct people. */
export type UnmappedCounts = Map<string, { rows: number; people: number }>;

/** `conditionCodes` (one code, one cluster) as code lists: one `local` list per cluster. */
export function codeMapAsLists(map: Readonly<Record<string, string>>): ParsedCodeList[] {
  const byCluster = new Map<string, string[]>();
  for (const [code, cluster] of Object.entries(map)) {
    let l = byCluster.get(cluster);
    if (!l) byCluster.set(cluster, (l = []));
    l.push(code.trim());
  }
  return [...byCluster].map(([cluster, codes]) => ({ cluster, system: 'local' as const, codes, source: 'conditionCodes option', version: 'given' }));
}

/**
 * Reads hospital diagnoses as coded condition rows: every diagnosis column of each accepted
 * inpatient, A&E and outpatient row (the primary diagnosis and `columns`, e.g.
 * `diag_02`..`diag_20`), ICD-10 normalised, dated by the activity date. GP rows are not hospital.
 */
export function hospitalDiagnosisRows(
  patient: ArrayLike<number>, date: ArrayLike<number>, setting: ArrayLike<number>, keep: Uint32Array, columns: readonly Column[],
): CodedRows {
  const codes: string[] = [];
  const ids = new Map<string, number>();
  const p: number[] = [];
  const c: number[] = [];
  const d: number[] = [];
  for (let k = 0; k < keep.length; k++) {
    const r = keep[k]!;
    if (setting[k] === SETTING.gp) continue;
    for (const col of columns) {
      if (col.blank(r)) continue;
      const code = normaliseIcd10(col.text(r));
      if (code === '') continue;
      let j = ids.get(code);
      if (j === undefined) {
        j = codes.length;
        ids.set(code, j);
        codes.push(code);
      }
      p.push(patient[k]!);
      c.push(j);
      d.push(date[k]!);
    }
  }
  return { patient: p, code: c, codes, date: d, resolvedDate: new Int32Array(p.length).fill(NO_DATE) };
}

/**
 * Maps GP condition rows (and hospital diagnosis rows) to register rows: GP codes through the
 * given lists, then as cluster names the features know; hospital codes through
 * `ICD10_LTC_CODE_LISTS`. Clusters with the same key (`COPD`, `copd`) are one. Every cluster
 * of the given lists is in `codes` even when nobody has it, so feature names do not depend on
 * the data. GP codes in no list are counted, not rejected; hospital diagnoses in no list
 * (most of them: acute conditions) are not counted.
 */
export function codedConditions(gp: CodedRows | undefined, hospital: CodedRows | undefined, size: number, lists: readonly ParsedCodeList[]): { parts: ConditionParts | undefined; unmapped: UnmappedCounts; unmappedPeople: number } {
  const gpIndex = indexCodeLists(lists, isKnownConditionCluster);
  const gpPer = (gp?.codes ?? []).map((c) => gpIndex.lookup(c));
  const clusters = [...gpIndex.clusters];
  const perCode: (CodeClusters | undefined)[] = [...gpPer];
  const hasResolved = gpIndex.hasResolved;
  if (hospital) {
    const hIndex = indexCodeLists(ICD10_LTC_CODE_LISTS, () => false);
    const keyed = new Map(clusters.map((c, j) => [clusterKey(c), j]));
    const remap = hIndex.clusters.map((c) => {
      let j = keyed.get(clusterKey(c));
      if (j === undefined) {
        j = clusters.length;
        keyed.set(clusterKey(c), j);
        clusters.push(c);
      }
      return j;
    });
    for (const c of hospital.codes) {
      const cc = hIndex.lookup(c);
      perCode.push(cc ? { diagnosis: cc.diagnosis.map((j) => remap[j]!), resolved: [] } : undefined);
    }
  }
  if (!gp && !hospital) return { parts: undefined, unmapped: new Map(), unmappedPeople: 0 };
  const nGp = gp?.patient.length ?? 0;
  const nH = hospital?.patient.length ?? 0;
  const offset = gp?.codes.length ?? 0;
  const patient = new Int32Array(nGp + nH);
  const code = new Uint32Array(nGp + nH);
  const date = new Int32Array(nGp + nH);
  const resolvedDate = new Int32Array(nGp + nH);
  const source = new Uint8Array(nGp + nH).fill(SOURCE_GP);
  for (let k = 0; k < nGp; k++) {
    patient[k] = gp!.patient[k]!; code[k] = gp!.code[k]!; date[k] = gp!.date[k]!; resolvedDate[k] = gp!.resolvedDate[k]!;
  }
  for (let k = 0; k < nH; k++) {
    const t = nGp + k;
    patient[t] = hospital!.patient[k]!; code[t] = offset + hospital!.code[k]!; date[t] = hospital!.date[k]!; resolvedDate[t] = NO_DATE; source[t] = SOURCE_HOSPITAL;
  }
  const codes = [...(gp?.codes ?? []), ...(hospital?.codes ?? [])];
  const out = registerRows({ patient, code, codes, date, resolvedDate, source }, size, { perCode, clusters, hasResolved, reportUnmapped: offset });
  return {
    parts: { patient: out.patient, code: out.code, codes: out.codes, date: out.date, resolvedDate: out.resolvedDate, source: out.source },
    unmapped: out.unmapped,
    unmappedPeople: out.unmappedPeople,
  };
}

/** Other diagnosis columns of an activity extract, found by name: `diag_02`, `diag_4_02`, `diag2`, `secondary_diagnosis_1`, ... */
const DIAGNOSIS_COLUMN = /^(diag(nosis)?_?(4_|3_)?\d{1,2}|secondary_diagnosis(_code)?_?\d{1,2})$/i;

/**
 * The diagnosis columns hospital-derived registers read: the primary diagnosis, then the
 * columns named in `option.diagnosisColumns`, or (with `true`) every header that looks like a
 * numbered diagnosis column.
 */
export function diagnosisColumns(src: ResolvedSource, raw: RawSource, option: true | { diagnosisColumns?: string[] | undefined }): Column[] {
  const primary = src.fieldColumns['primaryDiagnosis']?.[0];
  const names = option === true || option.diagnosisColumns === undefined
    ? src.columnNames.filter((h) => h !== primary && DIAGNOSIS_COLUMN.test(h.trim()))
    : option.diagnosisColumns.filter((h) => h !== primary);
  const out: Column[] = [];
  const p = src.fields['primaryDiagnosis'];
  if (p) out.push(p);
  for (const h of names) if (raw.columnNames.includes(h)) out.push(raw.column(h));
  return out;
}
