// Loads the built package both ways (ESM import and CJS require) and checks that an error
// thrown by one build is recognised by the guard of the other. Run by `npm test` after the build.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const esm = await import('risk-stratify');
const cjs = require('risk-stratify');
const esmNode = await import('risk-stratify/node');
const cjsNode = require('risk-stratify/node');

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
let fromNode;
try { await esmNode.loadPopulationFromFiles({ patients: '/nonexistent/patients.csv' }); } catch (e) { fromNode = e; }
assert.ok(fromNode instanceof esm.RiskStratifyError, 'an error from risk-stratify/node is an instance of the core class');
console.log('package smoke: one error class across entries; ESM and CJS builds load; the error guard works across them');
