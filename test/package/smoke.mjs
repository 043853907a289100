// Loads the built package both ways (ESM import and CJS require) and checks that an error
// thrown by one build is recognised by the guard of the other. Run by `npm test` after the build.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const esm = await import('risk-stratify');
const cjs = require('risk-stratify');
const esmNode = await import('risk-stratify/node');
const cjsNode = require('risk-stratify/node');
const esmReport = await import('risk-stratify/report');
const cjsReport = require('risk-stratify/report');
const esmSql = await import('risk-stratify/sql');
const cjsSql = require('risk-stratify/sql');

for (const [name, mod] of [['esm', esm], ['cjs', cjs], ['esm node', esmNode], ['cjs node', cjsNode]]) {
  assert.equal(typeof mod.createPopulation, 'function', `${name}: createPopulation`);
  assert.equal(typeof mod.isRiskStratifyError, 'function', `${name}: isRiskStratifyError`);
}
let thrown;
try { cjs.toFeatureMatrix({ a: [1, Number.NaN] }); } catch (e) { thrown = e; }
assert.ok(thrown, 'cjs build threw');
assert.equal(esm.isRiskStratifyError(thrown), true, 'ESM guard recognises a CJS error');
assert.equal(thrown instanceof esm.RiskStratifyError, false, 'the two builds really are distinct classes');
// `risk-stratify/node` shares the core's modules within a build: one error class, so
// `instanceof` works across the two entries (a second bundled copy of the core broke it).
assert.equal(esmNode.RiskStratifyError, esm.RiskStratifyError, 'ESM: one RiskStratifyError across entries');
assert.equal(cjsNode.RiskStratifyError, cjs.RiskStratifyError, 'CJS: one RiskStratifyError across entries');
for (const [name, mod] of [['esm report', esmReport], ['cjs report', cjsReport]]) {
  assert.equal(typeof mod.renderReport, 'function', `${name}: renderReport`);
  assert.equal(typeof mod.toCSV, 'function', `${name}: toCSV`);
}
for (const [name, mod] of [['esm sql', esmSql], ['cjs sql', cjsSql]]) {
  assert.equal(typeof mod.jobToSQL, 'function', `${name}: jobToSQL`);
  assert.equal(typeof mod.featuresToSQL, 'function', `${name}: featuresToSQL`);
}
// The report and SQL generators left the core for their subpaths.
assert.equal(esm.renderReport, undefined, 'renderReport is not in the core');
assert.equal(esm.jobToSQL, undefined, 'jobToSQL is not in the core');
// An error thrown by `risk-stratify/report` or `risk-stratify/sql` is the core's class, in each build.
for (const [name, core, call] of [
  ['esm report', esm, () => esmReport.renderReport({ title: 5 })], ['cjs report', cjs, () => cjsReport.renderReport({ title: 5 })],
  ['esm sql', esm, () => esmSql.featuresToSQL({ asOf: 'not a date' })], ['cjs sql', cjs, () => cjsSql.featuresToSQL({ asOf: 'not a date' })],
]) {
  let e;
  try { call(); } catch (x) { e = x; }
  assert.ok(e instanceof core.RiskStratifyError, `${name}: its error is an instance of the core's RiskStratifyError`);
  assert.equal(core.isRiskStratifyError(e), true, `${name}: isRiskStratifyError`);
}
let fromNode;
try { await esmNode.loadPopulationFromFiles({ patients: '/nonexistent/patients.csv' }); } catch (e) { fromNode = e; }
assert.ok(fromNode instanceof esm.RiskStratifyError, 'an error from risk-stratify/node is an instance of the core class');
console.log('package smoke: one error class across entries (core, node, report, sql); ESM and CJS builds load; the error guard works across them');
