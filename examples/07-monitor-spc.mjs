// 07 Monthly monitoring with statistical process control (SPC), as NHS "Making Data Count".
//
//   npm run build && node examples/07-monitor-spc.mjs
//
// Monthly emergency admissions per 1,000 registered, judged on an XmR chart (Making Data
// Count's chart for rates: limits from the month-to-month variation; `chart: 'u'` gives a
// u-chart, with Laney's u-prime when overdispersed) with the special-cause rules: a point
// outside the limits, a shift of 7 on one side of the centre, a trend of 7, two of three near
// a limit. A provisional month (incomplete data) is shown but not judged.
import { generatePopulation, buildMonthlySeries, monitor, formatDay, addMonths } from 'risk-stratify';
import { publishMonthlySeries } from 'risk-stratify/report';

const size = Number(process.env.RS_EXAMPLE_SIZE ?? 20_000);
const { population, truth } = generatePopulation({ size, years: 3, seed: 1 });
const rows = buildMonthlySeries(population, { from: truth.startDate, to: truth.endDate - 1, measures: ['emergencyAdmissionsPer1000'] });

// Baseline frozen on the first 12 months; lower is better.
const spc = monitor(rows, { baselinePoints: 12, improvement: 'down' });
console.log(`${spc.chart === "xmr" ? "XmR" : `${spc.chart}-`} chart of emergency admissions per 1,000 registered, ${formatDay(truth.startDate)} to ${formatDay(addMonths(truth.endDate, -1))}`);
console.log('month      value   centre   lower   upper  signals');
for (const p of spc.points) {
  const sig = p.signals.map((s) => `${s.rule}(${s.side})`).join(' ');
  // A month with nobody registered has no value (null), and no limits: shown as n/a.
  const f = (x, w) => (x === null ? 'n/a' : x.toFixed(2)).padStart(w);
  console.log(`${p.label.padEnd(9)} ${f(p.value, 6)} ${f(p.centre, 8)} ${f(p.lower, 7)} ${f(p.upper, 7)}  ${p.provisional ? `provisional (${p.provisionalReason})` : sig}`);
}
console.log(`\nvariation: ${spc.variation}; ${spc.signals.length} special-cause signal(s)`);
// What may be published: counts 1-7 suppressed, the rest rounded to 5, rates hidden with them.
const published = publishMonthlySeries(rows).rows;
console.log(`first published row: ${JSON.stringify(published[0])}`);
console.log(`monitored ${spc.points.length} months`);
