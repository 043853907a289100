// 06 Compare top 2% vs top 5% before the fact, on back-test data.
//
//   npm run build && node examples/06-compare-variants.mjs
//
// Who would each variant have selected a year ago, and what did those people do over the
// following year without any intervention? PPV, sensitivity, caseloads, the fall expected
// with no intervention at all (regression to the mean), and admissions averted under an
// assumed effect range, with bootstrap 95% intervals and paired differences.
import { generatePopulation, buildFeatures, buildOutcomes, fitRiskModel, toFeatureMatrix, backtestOutcomes, compareVariants, formatDay, addMonths } from 'risk-stratify';

const size = Number(process.env.RS_EXAMPLE_SIZE ?? 20_000);
const { population, truth } = generatePopulation({ size, years: 3, seed: 1 });
const NAMES = ['age', 'age_85_plus', 'ltc_count', 'efi', 'emergency_admissions', 'emergency_bed_days', 'ae_attendances', 'gp_contacts'];
const pick = (f) => toFeatureMatrix(Object.fromEntries(NAMES.map((n) => [n, f.column(n)])), { rowIds: f.rowIds, rows: f.rows, asOf: f.asOf });
const fitAt = addMonths(truth.startDate, 12);
const testAt = addMonths(truth.startDate, 24);
const train = buildFeatures(population, { asOf: fitAt });
const model = fitRiskModel(pick(train), buildOutcomes(population, { asOf: fitAt, rows: train.rows }).emergencyAdmission, { l2: 1 });

// Scores aligned with population rows (NaN = not registered at the date, so not scored).
const f = buildFeatures(population, { asOf: testAt });
const s = model.score(f, { ignoreExtra: true });
const scores = new Float64Array(population.size).fill(Number.NaN);
f.rows.forEach((row, r) => { scores[row] = s[r]; });

const outcomes = backtestOutcomes(population, { asOf: testAt });
const cmp = compareVariants(scores, population, outcomes, [
  { name: 'top 2%', topPercent: 2 },
  { name: 'top 5%', topPercent: 5 },
], { asOf: testAt, effect: [0, 0.2], costPerPersonYear: 500, costPerAdmission: 2000, costPerBedDay: 350, bootstrap: 300, seed: 1 });

// A ratio with nothing to divide by (an empty cohort, no admissions before) is null, and cmp.warnings says why.
const pc = (i) => (i.estimate === null ? 'n/a' : `${(100 * i.estimate).toFixed(0)}%${i.ci95 ? ` (${(100 * i.ci95[0]).toFixed(0)} to ${(100 * i.ci95[1]).toFixed(0)}%)` : ''}`);
console.log(`selected as of ${formatDay(testAt)}, outcomes over the following 12 months:`);
for (const v of cmp.variants) {
  console.log(`\n${v.name}: ${v.cohortSize} people, ${v.per1000Registered?.toFixed(1) ?? 'n/a'} per 1,000 registered, caseload per practice ${v.caseloadPerPractice.min}-${v.caseloadPerPractice.max}`);
  console.log(`  PPV ${pc(v.ppv)}, sensitivity ${pc(v.sensitivity)}`);
  console.log(`  admissions: ${v.priorAdmissions.estimate.toFixed(0)} the year before -> ${v.admissions.estimate.toFixed(0)} the year after, with no intervention (a ${pc(v.relativeFallNoIntervention)} fall: regression to the mean)`);
  console.log(`  admissions averted at a 20% effect: ${v.admissionsAverted.high.estimate.toFixed(0)} (${v.admissionsAverted.high.ci95.map((x) => x.toFixed(0)).join('-')}); net cost £${v.netCost.high.estimate.toFixed(0)}`);
}
const d = cmp.differences.find((x) => x.metric === 'ppv');
if (d && d.estimate !== null && d.ci95) console.log(`\nPPV difference ${d.a} minus ${d.b}: ${(100 * d.estimate).toFixed(1)} points (95% CI ${(100 * d.ci95[0]).toFixed(1)} to ${(100 * d.ci95[1]).toFixed(1)})`);
for (const w of cmp.warnings) console.log(`warning [${w.code}]: ${w.message}`);
console.log(`top 5% selects more people than top 2%: ${cmp.variants[1].cohortSize > cmp.variants[0].cohortSize}`);
