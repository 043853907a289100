// 05 Select the top 2% and 5% per practice for case management, and see the monthly churn.
//
//   npm run build && node examples/05-cohorts-churn.mjs
//
// k = ceil(p x eligible adults) per practice (the unplanned-admissions enhanced service's
// rule), ties broken by id; opted-out people are never selected.
import { generatePopulation, buildFeatures, buildOutcomes, fitRiskModel, selectCohort, cohortChurn, cohortRows, toFeatureMatrix, formatDay, addMonths } from 'risk-stratify';

const size = Number(process.env.RS_EXAMPLE_SIZE ?? 20_000);
const { population, truth } = generatePopulation({ size, years: 3, seed: 1 });
const NAMES = ['age', 'age_85_plus', 'ltc_count', 'efi', 'emergency_admissions', 'emergency_bed_days', 'ae_attendances', 'gp_contacts'];
const pick = (f) => toFeatureMatrix(Object.fromEntries(NAMES.map((n) => [n, f.column(n)])), { rowIds: f.rowIds, rows: f.rows, asOf: f.asOf });
const fitAt = addMonths(truth.startDate, 12);
const train = buildFeatures(population, { asOf: fitAt });
const model = fitRiskModel(pick(train), buildOutcomes(population, { asOf: fitAt, rows: train.rows }).emergencyAdmission, { l2: 1 });

const cohortAt = (asOf, topPercent) => {
  const f = buildFeatures(population, { asOf });
  return selectCohort(model.score(f, { ignoreExtra: true }), population, { asOf, topPercent, per: 'practice', rows: f.rows });
};
const asOf = addMonths(truth.startDate, 30);
const top2 = cohortAt(asOf, 2);
const top5 = cohortAt(asOf, 5);
console.log(`cohorts as of ${formatDay(asOf)}:`);
for (const g of top2.groups) console.log(`  practice ${g.group}: ${g.eligible} eligible adults -> top 2% = ${g.selected} (threshold score ${g.threshold === null ? 'none' : g.threshold.toFixed(3)})`);
// Practices with fewer than 50 eligible adults (1/p for a top 2%) get k = 1 by rounding up: a warning, not a silent artefact.
for (const w of top2.warnings) console.log(`  warning [${w.code}]: ${w.message}`);
console.log(`  top 2%: ${top2.selected.ids.length} people, top 5%: ${top5.selected.ids.length}; ${top2.excluded.optedOut} opted-out people never selected`);
const in5 = new Set(top5.selected.ids);
console.log(`  every top-2% person is in the top 5%: ${top2.selected.ids.every((id) => in5.has(id))}`);
console.log('  first rows of the top-2% list:', cohortRows(top2).slice(0, 3).map((r) => `${r.id} (${r.practice}, rank ${r.rank}, score ${r.score.toFixed(3)})`).join('; '));

// Month by month: who entered and who left, and why.
console.log('\nmonthly churn of the top 2%:');
let previous = cohortAt(addMonths(asOf, -3), 2);
for (let m = -2; m <= 0; m++) {
  const current = m === 0 ? top2 : cohortAt(addMonths(asOf, m), 2);
  const c = cohortChurn(previous, current, { population });
  const reasons = Object.entries(c.counts.byReason).map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
  console.log(`  ${formatDay(current.asOf)}: ${c.counts.current} in cohort, ${c.counts.entered} entered, ${c.counts.left} left (${reasons})`);
  previous = current;
}
