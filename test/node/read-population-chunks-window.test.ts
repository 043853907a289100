import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPopulationChunks } from '../../src/node/read-population-chunks.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { windowExtract } from '../fixtures/data/window-extract.js';
import { parseDate } from '../../src/core/dates.js';

const dir = mkdtempSync(join(tmpdir(), 'rs-chunks-window-'));
const x = windowExtract(); // ids n0000.. in order, events grouped by patient in the same order
const files = { patients: join(dir, 'patients.csv'), activity: join(dir, 'activity.csv') };
writeFileSync(files.patients, x.patients);
writeFileSync(files.activity, x.activity);

describe("readPopulationChunks: the extract's window", () => {
  it('every chunk has the window given', async () => {
    const windows = [];
    for await (const r of readPopulationChunks(files, { chunkSize: 90, extractDate: '2024-03-31', activityFrom: '2021-04-17' })) windows.push(r.summary.window);
    expect(windows).toHaveLength(5);
    for (const w of windows) expect(w).toEqual({ extractDate: '2024-03-31', activityFrom: '2021-04-17', extractDateSource: 'given', activityFromSource: 'given', rule: '' });
  });
  it('what is not given is derived from the first chunk and kept for the others, so a step accepts the same dates in every chunk', async () => {
    const windows = [];
    for await (const r of readPopulationChunks(files, { chunkSize: 90, extractDate: '2024-03-31' })) windows.push(r.population.window);
    const first = windows[0]!;
    expect(first.activityFromSource).toBe('derived');
    for (const w of windows) expect([w.extractDate, w.activityFrom]).toEqual([first.extractDate, first.activityFrom]);
    // from 90 people the rule is noisier than from the whole extract (2021-05-01), but still at the feed's start
    expect(first.activityFrom).toBeGreaterThanOrEqual(parseDate('2021-04-17')!);
    expect(first.activityFrom).toBeLessThanOrEqual(loadPopulation({ patients: x.patients, activity: x.activity }, { extractDate: '2024-03-31' }).population.window.activityFrom);
  });
});
