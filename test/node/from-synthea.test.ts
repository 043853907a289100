import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromSynthea } from '../../src/node/from-synthea.js';
import { fromSyntheaTables } from '../../src/data/from-synthea-tables.js';
import { toSafeAsync } from '../../src/core/errors.js';

const dir = fileURLToPath(new URL('../fixtures/data/synthea-unmc-crane-111/', import.meta.url));

describe('fromSynthea', () => {
  it('fromSynthea(dir) reads the export directory and gives what fromSyntheaTables gives on the same texts', async () => {
    const r = await fromSynthea(dir, { referenceDate: '2023-10-16' });
    const text = (f: string) => readFileSync(dir + f, 'utf8');
    const t = fromSyntheaTables({ patients: text('patients.csv'), encounters: text('encounters.csv'), conditions: text('conditions.csv'), medications: text('medications.csv') }, { referenceDate: '2023-10-16' });
    expect(r.summary).toEqual(t.summary);
    expect(r.synthea).toEqual(t.synthea);
    expect(r.population.ids).toEqual(t.population.ids);
    expect(r.population.size).toBe(111); // wc -l patients.csv = 112 (header + 111)
  });
  it('fromSynthea throws file_unreadable naming patients.csv when the directory is not an export', async () => {
    const r = await toSafeAsync(() => fromSynthea(fileURLToPath(new URL('.', import.meta.url))));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('file_unreadable');
      expect(r.error.message).toContain('patients.csv');
    }
  });
});
