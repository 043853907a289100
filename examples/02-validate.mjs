// 02 Validate your own extract: every row that is not accepted is reported with its source,
// row number (from 1, after the header), field, value and reason. Nothing is dropped silently.
//
//   npm run build && node examples/02-validate.mjs
//
// examples/data/broken/ is a small extract with deliberate mistakes (listed in its README).
// The same check from the command line:
//   node dist/cli.js validate --patients examples/data/broken/patients.csv \
//     --activity examples/data/broken/activity.csv --conditions examples/data/broken/conditions.csv \
//     --extract-date 2025-04-01
import { loadPopulationFromFiles } from 'risk-stratify/node';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./data/broken/', import.meta.url));
const { population, rejected, summary, warnings } = await loadPopulationFromFiles(
  { patients: `${dir}patients.csv`, activity: `${dir}activity.csv`, conditions: `${dir}conditions.csv` },
  // The extract date: anything after it is a mistake. Columns are found by their usual names
  // (nhs_pseudo_id, dob, national_opt_out, admidate, ...); others can be mapped with
  // `columns: { patients: { id: 'person_ref' } }`. The patients file must have an opt-out
  // column (this one has `optedOut`), or say `optOuts: 'removed-upstream'`.
  { referenceDate: '2025-04-01' },
);

for (const source of ['patients', 'activity', 'conditions']) {
  const s = summary[source];
  console.log(`${source.padEnd(11)} ${s.rowsIn} rows in = ${s.rowsAccepted} accepted + ${s.rowsRejected} rejected`);
}
console.log(`\nrejected (source, row, field, value -> reason):`);
for (const i of rejected) {
  console.log(`  ${i.source.padEnd(10)} row ${String(i.row).padStart(2)}  ${(i.field || '(row)').padEnd(14)} ${JSON.stringify(i.value ?? '').padEnd(14)} -> ${i.code}`);
}
const unused = summary.columns.filter((c) => c.use !== 'field');
console.log(`\ncolumns: ${summary.columns.length} read or reported, ${unused.length} not read; opt-outs from: ${summary.optOuts}`);
for (const w of warnings) console.log(`warning: ${w.message}`);
console.log(`\nloaded ${population.size} people; ${rejected.length} issues reported`);
// The window the data cover: no as-of date or horizon may run past the extract date.
console.log(`window: activity complete from ${summary.window.activityFrom} (${summary.window.activityFromSource}) to the extract date ${summary.window.extractDate}`);
