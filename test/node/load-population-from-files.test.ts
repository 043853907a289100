import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPopulationFromFiles, safeLoadPopulationFromFiles } from '../../src/node/load-population-from-files.js';
import { loadPopulation } from '../../src/data/load-population.js';

let dir = '';
const patients = 'id,practiceId,sex,birthDate\np1,A,F,1950-01-01\np2,A,Q,1950-01-01\n';
const activity = 'patientId,date,setting\np1,2024-01-01,gp\np3,2024-01-01,gp\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rs-data-'));
  writeFileSync(join(dir, 'patients.csv'), patients);
  writeFileSync(join(dir, 'activity.csv.gz'), gzipSync(activity));
  writeFileSync(join(dir, 'binary.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
  writeFileSync(join(dir, 'broken.csv.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
  mkdirSync(join(dir, 'folder.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadPopulationFromFiles', () => {
  it('loadPopulationFromFiles reads CSV (and gzipped CSV) files exactly as loadPopulation reads their text, naming the file on each issue', async () => {
    const r = await loadPopulationFromFiles({ patients: join(dir, 'patients.csv'), activity: join(dir, 'activity.csv.gz') }, { referenceDate: '2024-04-01' });
    const t = loadPopulation({ patients, activity }, { referenceDate: '2024-04-01' });
    expect(r.population.ids).toEqual(t.population.ids);
    expect(r.summary).toEqual(t.summary);
    expect(r.rejected.map((i) => [i.source, i.file, i.row, i.code])).toEqual([
      ['patients', join(dir, 'patients.csv'), 2, 'unknown_sex'],
      ['activity', join(dir, 'activity.csv.gz'), 2, 'unknown_patient'],
    ]);
  });
  it.each([
    ['missing.csv', 'no such file'],
    ['folder.csv', 'directory'],
    ['binary.csv', 'binary'],
    ['broken.csv.gz', 'gzip'],
  ])('loadPopulationFromFiles throws file_unreadable naming %s and the reason (%s)', async (name, reason) => {
    const r = await safeLoadPopulationFromFiles({ patients: join(dir, name) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('file_unreadable');
      expect(r.error.fn).toBe('loadPopulationFromFiles');
      expect(r.error.message).toContain(join(dir, name));
      expect(r.error.message).toContain(reason);
    }
  });
});
