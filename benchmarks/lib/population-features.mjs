// Features and a 12-month emergency-admission outcome for the pipeline and streaming
// benchmarks. Uses the features stage's buildFeatures when it is on main; until then a
// small stand-in (age, sex, deprivation, care home, prior emergency admissions, A&E visits,
// bed days, long-term conditions) so the pipeline can be timed end to end.
import * as rs from '../../dist/index.js';

export const hasBuildFeatures = typeof rs.buildFeatures === 'function';

/** The stand-in features (also the fallback when a fit on buildFeatures' columns fails). */
export function standIn(p, asOf) {
  const n = p.size;
  const c = p.columns;
  const a = p.activity;
  const from = asOf - 365;
  const age = new Float64Array(n), female = new Float64Array(n), imd = new Float64Array(n), care = new Float64Array(n);
  const emerg = new Float64Array(n), ae = new Float64Array(n), beds = new Float64Array(n), ltc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    age[i] = (asOf - c.birthDate[i]) / 3652.5;
    female[i] = c.sex[i] === 1 ? 1 : 0;
    imd[i] = c.imdDecile[i] || 5;
    care[i] = c.careHome[i];
    for (let e = a.offsets[i]; e < a.offsets[i + 1]; e++) {
      const d = a.date[e];
      if (d > asOf || d <= from) continue;
      if (a.setting[e] === 0 && a.emergency[e] === 1) { emerg[i] += 1; beds[i] += a.bedDays[e]; }
      else if (a.setting[e] === 1) ae[i] += 1;
    }
    const k = p.conditions;
    for (let e = k.offsets[i]; e < k.offsets[i + 1]; e++) if (k.date[e] <= asOf && k.resolvedDate[e] > asOf) ltc[i] += 1;
  }
  return rs.toFeatureMatrix({ age, female, imd, care_home: care, emergency_12m: emerg, ae_12m: ae, bed_days_12m: beds, ltc_count: ltc }, { asOf });
}

/** Feature matrix as of `asOf` (a day number): buildFeatures' rows (the eligible, see f.rows) when available. */
export function features(p, asOf) {
  return hasBuildFeatures ? rs.buildFeatures(p, { asOf }) : standIn(p, asOf);
}

/** The outcome of each matrix row (f.rows maps matrix rows to population rows). */
export function outcomeOfRows(p, asOf, f) {
  const y = outcome(p, asOf);
  return Float64Array.from(f.rows, (r) => y[r]);
}

/** 1 when the person has an emergency admission in (asOf, asOf + 365], else 0. */
export function outcome(p, asOf) {
  const y = new Float64Array(p.size);
  const a = p.activity;
  for (let i = 0; i < p.size; i++) {
    for (let e = a.offsets[i]; e < a.offsets[i + 1]; e++) {
      if (a.date[e] > asOf && a.date[e] <= asOf + 365 && a.setting[e] === 0 && a.emergency[e] === 1) { y[i] = 1; break; }
    }
  }
  return y;
}

/** The matrix with only the named columns (same rows). */
export function keepColumns(f, names) {
  return rs.toFeatureMatrix(Object.fromEntries(names.map((k) => [k, f.column(k)])), { rows: f.rows, rowIds: f.rowIds, asOf: f.asOf });
}

/** Fits on the columns that vary and are not collinear (neither can be estimated). */
export function fitOnVarying(f, y) {
  let names = f.names.filter((k) => { const c = f.column(k); for (let i = 1; i < c.length; i++) if (c[i] !== c[0]) return true; return false; });
  // One-hot bands are collinear with the intercept: drop the column the fit names (the reference level).
  for (let tries = 0; ; tries++) {
    try { return rs.fitRiskModel(keepColumns(f, names), y); } catch (e) {
      if (e?.code !== 'collinear' || tries > 5 || !e.details?.column) throw e;
      names = names.filter((k) => k !== e.details.column);
    }
  }
}
