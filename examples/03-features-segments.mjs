// 03 Features, outcomes and segments as they stood on a date.
//
//   npm run build && node examples/03-features-segments.mjs
//
// Everything is rebuilt as it stood on `asOf`: features use only events on or before it,
// outcomes only events after it. This is what makes a back-test honest.
import { generatePopulation, buildFeatures, buildOutcomes, segment, bridgesToHealth, summariseSegments, formatDay, addMonths } from 'risk-stratify';

const size = Number(process.env.RS_EXAMPLE_SIZE ?? 20_000);
const { population, truth } = generatePopulation({ size, years: 3, seed: 1 });
const asOf = addMonths(truth.startDate, 24); // two years in: one year of history behind, one ahead

const features = buildFeatures(population, { asOf, lookbackMonths: 12 });
console.log(`features as of ${formatDay(asOf)}: ${features.n} registered people x ${features.names.length} features`);
console.log(`  ${features.names.slice(0, 12).join(', ')}, ...`);
const mean = (name) => { const c = features.column(name); let s = 0; for (const v of c) s += v; return s / c.length; };
console.log(`  mean age ${mean('age').toFixed(1)}, mean eFI ${mean('efi').toFixed(3)}, emergency admissions in the last year per 1,000: ${(1000 * mean('emergency_admissions')).toFixed(0)}`);

// Outcomes in the 12 months after asOf, for the same people (rows aligned with the features).
const outcomes = buildOutcomes(population, { asOf, horizonMonths: 12, rows: features.rows });
const admitted = outcomes.emergencyAdmission.reduce((a, b) => a + b, 0);
const avoidable = outcomes.avoidableAdmission.reduce((a, b) => a + b, 0);
console.log(`\noutcomes ${formatDay(asOf)} .. ${formatDay(addMonths(asOf, 12))}: ${admitted} people had an emergency admission, ${avoidable} an avoidable (ACSC) one; ${outcomes.counts.died} died`);

// Bridges to Health: eight segments, highest need wins.
const seg = segment(population, bridgesToHealth(), { asOf, features });
const summary = summariseSegments(seg, population, outcomes);
console.log(`\n${seg.model} segments (next-year emergency admissions per 1,000):`);
for (const r of summary.rows.filter((r) => r.level === 'population')) {
  console.log(`  ${String(r.segment).padStart(2)} ${r.segmentName.padEnd(44)} ${String(r.people).padStart(6)} people  ${(100 * r.share).toFixed(1).padStart(5)}%  ${(r.emergencyAdmissionsPer1000 ?? 0).toFixed(0).padStart(5)}`);
}
const total = summary.rows.filter((r) => r.level === 'population').reduce((a, r) => a + r.people, 0);
console.log(`every registered person is in exactly one segment: ${total === features.n}`);
