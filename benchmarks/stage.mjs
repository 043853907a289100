// Runs one benchmark stage at one size in this (fresh) process and prints one JSON line per
// implementation measured, with this process's peak RSS. Called by run.mjs.
import { memory } from './lib/measure.mjs';
import { STAGES } from './stages.mjs';

const [stage, size, runs, dataDir] = process.argv.slice(2);
const rows = await STAGES[stage].run({ size, n: Number(size.replace('k', '000').replace('M', '000000')), runs: Number(runs), dataDir });
const mem = memory();
for (const r of rows) process.stdout.write(`${JSON.stringify({ ...r, peakRssMB: mem.peakRssMB, heapMB: mem.heapMB })}\n`);
