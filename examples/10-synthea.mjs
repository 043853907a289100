// 10 A Synthea export end to end: load, validate, features, segments, scores, cohort.
//
//   npm run build && node examples/10-synthea.mjs [path/to/synthea/output/csv]
//
// Synthea is the open synthetic-record generator many teams already use. fromSynthea maps its
// patients, encounters (emergency / inpatient / ambulatory / outpatient / wellness) and
// conditions (an explicit long-term-condition map; "(finding)" rows are not conditions).
// Default input: ../shared/data/synthea-unmc-crane-111 beside this repository (111 people).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSynthea } from 'risk-stratify/node';
import { buildFeatures, segment, bridgesToHealth, summariseSegments, formatDay } from 'risk-stratify';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const candidates = [process.argv[2], process.env.RS_SYNTHEA_DIR, join(repo, '../shared/data/synthea-unmc-crane-111'), join(repo, '../../shared/data/synthea-unmc-crane-111'), join(repo, 'test/fixtures/data/synthea-unmc-crane-111')].filter(Boolean);
const dir = candidates.find((d) => existsSync(join(d, 'patients.csv')));
if (!dir) {
  console.log(`no Synthea export found (looked in ${candidates.join(', ')}); pass its folder as the first argument`);
  console.log('skipped: no Synthea export');
  process.exit(0);
}

const r = await fromSynthea(dir, { practice: 'single' });
const s = r.summary;
console.log(`loaded ${dir}`);
for (const k of ['patients', 'activity', 'conditions', 'medications']) {
  if (s[k].provided) console.log(`  ${k.padEnd(11)} ${s[k].rowsIn} rows in, ${s[k].rowsAccepted} accepted, ${s[k].rowsRejected} rejected`);
}
console.log(`  encounters not used: ${JSON.stringify(r.synthea.skippedEncounters)}; condition rows not mapped: ${JSON.stringify(r.synthea.skippedConditions)}`);
if (r.rejected.length) console.log(`  first rejected: ${r.rejected.slice(0, 3).map((i) => `${i.source} row ${i.row} ${i.field} ${i.code}`).join('; ')}`);

// As of the end of the export's window: no extract date was given, so the window ends at the
// latest date in the data (the export's own "today"); no step may read past it.
const w = s.window;
console.log(`  window: activity complete from ${w.activityFrom} (${w.activityFromSource}) to ${w.extractDate} (${w.extractDateSource})`);
const asOf = r.population.window.extractDate;
const features = buildFeatures(r.population, { asOf });
console.log(`\nas of ${formatDay(asOf)}: ${features.n} people alive and registered, ${features.names.length} features`);
const col = (n) => features.column(n);
let ltc = 0, adm = 0;
for (let i = 0; i < features.n; i++) { ltc += col('ltc_count')[i]; adm += col('emergency_admissions')[i]; }
console.log(`  mean long-term conditions ${(ltc / Math.max(1, features.n)).toFixed(2)}; emergency admissions in the last year ${adm}`);
const seg = segment(r.population, bridgesToHealth(), { asOf, features });
console.log('  Bridges to Health segments:');
for (const row of summariseSegments(seg, r.population).rows.filter((x) => x.level === 'population' && x.people > 0)) console.log(`    ${row.segmentName.padEnd(44)} ${row.people}`);
console.log(`Synthea export flowed through features and segments: ${seg.rows.length === features.n} (${formatDay(features.asOf)})`);
