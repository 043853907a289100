// The benchmark stages. Each `run(ctx)` returns rows { impl, ms, ...figures }; ctx has
// { size, n, runs, dataDir }. Stages import the built package (run `npm run build` first).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as rs from '../dist/index.js';
import { bandwidth } from './lib/bandwidth.mjs';
import { median, memory } from './lib/measure.mjs';

const few = (runs) => Math.max(1, Math.min(3, runs));

export const STAGES = {
  bandwidth: {
    async run() {
      const b = await bandwidth();
      return [{ impl: 'Float64Array sum of 160 MB', ms: b.ms, gbPerSecond: b.gbPerSecond, note: `${b.gbPerSecond.toFixed(1)} GB/s` }];
    },
  },
  generate: {
    at10M: true,
    async run({ n, runs }) {
      const before = memory();
      const r = await median(() => rs.generatePopulation({ size: n, years: 3, seed: 1 }), { runs: few(runs), warmup: 0 });
      const p = r.result.population;
      const events = p.activity.date.length;
      const after = memory();
      const bytes = (after.arrayBuffersMB - before.arrayBuffersMB) * 1048576;
      return [{ impl: 'risk-stratify generatePopulation (3 years)', ms: r.ms, people: p.size, events, bytesPerPerson: bytes / p.size,
        note: `${(events / p.size).toFixed(1)} events/person; typed arrays ${(bytes / p.size).toFixed(0)} B/person incl. events` }];
    },
  },
  load: {
    async run({ size, runs, dataDir }) {
      const text = readFileSync(join(dataDir, size, 'patients.csv'), 'utf8');
      const r = await median(() => rs.loadPopulation({ patients: text }, { referenceDate: '2026-01-01' }), { runs: few(runs), warmup: 1 });
      const { population, rejected } = r.result;
      return [{ impl: 'risk-stratify loadPopulation', ms: r.ms, rows: population.size, rejected: rejected.length,
        note: `${population.size} accepted, ${rejected.length} issues; CSV text already in memory` }];
    },
  },
};
