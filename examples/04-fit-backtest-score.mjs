// 04 Fit a risk model, back-test it honestly, and score today's population.
//
//   npm run build && node examples/04-fit-backtest-score.mjs
//
// Fit on year-1 features -> year-2 outcomes; score at the start of year 3 and compare with
// what happened in year 3. Then save the model as JSON and load it back.
import { generatePopulation, buildFeatures, buildOutcomes, fitRiskModel, loadRiskModel, evaluateScores, toFeatureMatrix, formatDay, addMonths } from 'risk-stratify';

const size = Number(process.env.RS_EXAMPLE_SIZE ?? 20_000);
const { population, truth } = generatePopulation({ size, years: 3, seed: 1 });
const fitAt = addMonths(truth.startDate, 12);
const testAt = addMonths(truth.startDate, 24);
const NAMES = ['age', 'age_75_84', 'age_85_plus', 'sex_female', 'imd_decile', 'ltc_count', 'efi', 'emergency_admissions', 'emergency_bed_days', 'ae_attendances', 'gp_contacts'];
const pick = (f) => toFeatureMatrix(Object.fromEntries(NAMES.map((n) => [n, f.column(n)])), { rowIds: f.rowIds, rows: f.rows, asOf: f.asOf });

// 1. Fit (Newton/IRLS, as R's glm; a light ridge so a rare feature cannot stop the fit).
const train = buildFeatures(population, { asOf: fitAt });
const trainY = buildOutcomes(population, { asOf: fitAt, rows: train.rows });
const model = fitRiskModel(pick(train), trainY.emergencyAdmission, { l2: 1 });
console.log(`fitted on ${model.training.rows} people as of ${formatDay(fitAt)}: ${model.iterations} iterations, converged ${model.converged}`);
for (const name of ['age_85_plus', 'ltc_count', 'emergency_admissions']) {
  const o = model.oddsRatios[name];
  console.log(`  odds ratio ${name.padEnd(22)} ${o.oddsRatio.toFixed(2)} (95% CI ${o.lower.toFixed(2)}-${o.upper.toFixed(2)})`);
}

// 2. Back-test: score a year later, evaluate against the following year.
const test = buildFeatures(population, { asOf: testAt });
const testY = buildOutcomes(population, { asOf: testAt, rows: test.rows });
const scores = model.score(test, { ignoreExtra: true });
const e = evaluateScores(scores, testY.emergencyAdmission, { admissions: testY.emergencyAdmissions, bedDays: testY.bedDays });
// A figure the data cannot support is null (never NaN), and e.warnings says why.
const fix = (x, digits) => (x === null ? 'n/a' : x.toFixed(digits));
const pct = (x, digits) => (x === null ? 'n/a' : `${(100 * x).toFixed(digits)}%`);
console.log(`\nback-test ${formatDay(testAt)} -> ${formatDay(addMonths(testAt, 12))}: AUROC ${fix(e.auroc, 3)} (95% CI ${e.aurocCI ? e.aurocCI.map((x) => x.toFixed(3)).join(' to ') : 'n/a'}), Brier ${fix(e.brier, 4)}`);
for (const w of e.warnings.filter((w) => w.path?.[0] !== 'byGroup')) console.log(`  warning [${w.code}]: ${w.message}`);
for (const a of e.atTop.filter((a) => a.percent === 2 || a.percent === 5)) {
  console.log(`  top ${a.percent}%: ${a.people} people, PPV ${pct(a.ppv, 0)}, sensitivity ${pct(a.sensitivity, 1)}, ${pct(a.bedDaysShare, 0)} of next year's emergency bed days`);
}
console.log('  calibration (predicted vs observed, by tenths of risk):');
for (const b of e.calibration.bins.slice(-3)) console.log(`    predicted ${b.expected.toFixed(3)}  observed ${b.observed.toFixed(3)}  (${b.n} people)`);

// 3. Save, load, score: bit-identical.
const again = loadRiskModel(JSON.stringify(model));
const same = again.score(test, { ignoreExtra: true }).every((x, i) => Object.is(x, scores[i]));
console.log(`\nsaved and reloaded model scores identically: ${same}`);
