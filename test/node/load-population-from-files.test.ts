import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPopulationFromFiles, safeLoadPopulationFromFiles } from '../../src/node/load-population-from-files.js';
import { loadPopulation, type LoadPopulationResult } from '../../src/data/load-population.js';

let dir = '';
const patients = 'id,practiceId,sex,birthDate,optedOut\np1,A,F,1950-01-01,N\np2,A,Q,1950-01-01,N\n';
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
    // the same summary, the column report naming the file each header is in
    expect({ ...r.summary, columns: r.summary.columns.map(({ file: _file, ...rest }) => rest) }).toEqual(t.summary);
    expect(r.summary.columns.map((c) => c.file)).toEqual([...Array(5).fill(join(dir, 'patients.csv')), ...Array(3).fill(join(dir, 'activity.csv.gz'))]);
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
  it('names the patients file first when several files cannot be read, whichever read fails first', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await safeLoadPopulationFromFiles({ patients: join(tmpdir(), 'rs-missing-patients.csv'), activity: join(tmpdir(), 'rs-missing-activity.csv') });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain('rs-missing-patients.csv');
    }
  });
});

/** Everything a load says: every population column and table, the issues (file dropped), the summary. */
function describeLoad(r: LoadPopulationResult) {
  const p = r.population;
  return {
    ids: p.ids, practices: p.practices, ethnicities: p.ethnicities,
    columns: Object.fromEntries(Object.entries(p.columns).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)])),
    activity: [p.activity.offsets, p.activity.date, p.activity.setting].map((x) => Array.from(x)),
    rejected: r.rejected.map(({ file: _file, ...rest }) => rest),
    summary: { ...r.summary, columns: r.summary.columns.map(({ file: _file, ...rest }) => rest) },
  };
}

describe('loadPopulationFromFiles: ASCII files are read as bytes, others as UTF-8 text, with the same result', () => {
  const header = 'id,practiceId,sex,birthDate,deathDate,registeredFrom,registeredTo,imdDecile,careHome,optedOut,ethnicity';
  const cells: Record<string, readonly string[]> = {
    id: ['p1', 'p2', 'p3', 'p1', ' p4', '', '"p""5"'],
    practiceId: ['A1', 'A2', ' A1', '', '"A,1"'],
    sex: ['F', 'M', 'Q', '', 'female'],
    birthDate: ['1950-02-01', '01/02/1950', '2023-02-30', '', '1950-02-01T10:00', '2030-01-01', '1/2/1950'],
    deathDate: ['', '', '2023-01-01', '1940-01-01', 'x'],
    registeredFrom: ['', '2000-01-01', '2000-02-30'],
    registeredTo: ['', '2022-06-15', '1990-01-01'],
    imdDecile: ['1', '10', '', '11', ' 3'],
    careHome: ['0', '1', 'Y', 'maybe', ''],
    optedOut: ['0', 'N', '', '-'],
    ethnicity: ['White', 'Asian', '', '"Mixed, other"', 'caf\u00e9'],
  };
  const fields = header.split(',');
  const row = fc.tuple(...fields.map((f) => fc.constantFrom(...cells[f]!)), fc.constantFrom(0, 0, 0, 0, 1, 2)).map((r) => {
    const shape = r.pop() as number;
    const out = r as string[];
    return (shape === 1 ? out.slice(0, -1) : shape === 2 ? [...out, 'extra'] : out).join(',');
  });
  test.prop([fc.array(row, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean()], { numRuns: 40 })(
    'loadPopulationFromFiles of a patients file gives what loadPopulation gives on its text, ASCII or not (bad values, quotes, ragged rows, CRLF, BOM)',
    async (rows, eol, ascii, bom) => {
      let text = [header, ...rows].join(eol) + eol;
      text = ascii ? text.replace(/[^\x00-\x7f]/g, 'e') : (bom ? '\uFEFF' : '') + text;
      const path = join(dir, `prop-${ascii ? 'ascii' : 'utf8'}.csv`);
      writeFileSync(path, text);
      const options = { referenceDate: '2024-04-01' };
      const fromFile = await loadPopulationFromFiles({ patients: path }, options);
      expect(describeLoad(fromFile)).toEqual(describeLoad(loadPopulation({ patients: text }, options)));
      expect(fromFile.rejected.every((i) => i.file === path)).toBe(true);
    });
});
