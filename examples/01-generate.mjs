// 01 Generate a synthetic GP-registered population and look at it.
//
//   npm run build && node examples/01-generate.mjs
//
// generatePopulation builds practices, people (age/sex like England's, deprivation, long-term
// conditions, frailty, care homes, deaths, registrations that start and end) and three years
// of monthly activity, with the ground truth (each person's true admission probability) beside
// it. Same seed, same bytes. RS_EXAMPLE_SIZE sets the size (default 20,000).
import { generatePopulation, summarisePopulation, formatDay } from 'risk-stratify';

const size = Number(process.env.RS_EXAMPLE_SIZE ?? 20_000);
const { population, truth } = generatePopulation({ size, years: 3, seed: 1 });

console.log(`${population.size} people in ${population.practices.length} practices; activity ${formatDay(truth.startDate)} to ${formatDay(truth.endDate)}`);
console.log(`events: ${population.activity.date.length} activity, ${population.conditions.date.length} condition records`);

// A summary as of the end of the window: the last 12 months' rates per 1,000 person-years.
const s = summarisePopulation(population, { asOf: truth.endDate });
console.log(`\nregistered on ${s.asOf}: ${s.people.registered}; list sizes ${s.practices.listSize.min}..${s.practices.listSize.max}`);
console.log('\nactivity in the year before, per 1,000 person-years:');
for (const a of s.activity) console.log(`  ${a.measure.padEnd(26)} ${a.per1000PerYear.toFixed(0).padStart(6)}`);
console.log(`\nemergency admissions per 1,000 by age band (${s.ageSex.bands.join(', ')}):`);
const em = s.activity.find((a) => a.measure === 'emergency_admissions');
console.log(`  ${em.byAgeBand.map((x) => x.toFixed(0)).join(', ')}`);
console.log('\nmost common long-term conditions (% of registered):');
for (const c of [...s.conditions].sort((a, b) => b.count - a.count).slice(0, 6)) console.log(`  ${c.code.padEnd(20)} ${c.percent.toFixed(1)}%`);

// The ground truth: true probability of at least one emergency admission in year 3.
const p = truth.admissionProbability[2];
let sum = 0, n = 0;
for (const x of p) if (Number.isFinite(x)) { sum += x; n++; }
console.log(`\nmean true probability of an emergency admission in year 3: ${(sum / n).toFixed(3)}`);
console.log(`emergency admissions per 1,000 a year: ${em.per1000PerYear.toFixed(0)}`);
