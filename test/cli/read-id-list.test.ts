import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIdList } from '../../src/cli/read-id-list.js';
import { tempDir } from './helpers.js';

describe('readIdList (exclusion lists)', () => {
  const dir = tempDir();
  it('reads one id per line, skipping blanks', () => {
    const p = join(dir, 'a.txt');
    writeFileSync(p, 'A1\n\nB2\r\nC3\n');
    expect(readIdList(p)).toEqual(['A1', 'B2', 'C3']);
  });
  it('reads the id column of a CSV', () => {
    const p = join(dir, 'b.csv');
    writeFileSync(p, 'reason,id\nmdt,X1\nmdt,"X2"\n');
    expect(readIdList(p)).toEqual(['X1', 'X2']);
  });
  it('a CSV without an id column, or a ragged row, is an error naming the file and row', () => {
    const p = join(dir, 'c.csv');
    writeFileSync(p, 'a,b\n1,2\n');
    expect(() => readIdList(p)).toThrow(/c\.csv, row 0/);
    const q = join(dir, 'd.csv');
    writeFileSync(q, 'id,b\n1,2\n3\n');
    expect(() => readIdList(q)).toThrow(/d\.csv, row 2/);
  });
  it("finds the id column by the loader's names, case and punctuation ignored (NHS_PSEUDO_ID, Patient ID)", () => {
    const p = join(dir, 'e.csv');
    writeFileSync(p, 'practice,NHS_PSEUDO_ID\nA81001, P01 \n');
    expect(readIdList(p)).toEqual(['P01']);
    const q = join(dir, 'f.txt');
    writeFileSync(q, 'Patient ID\nP02\nP03\n');
    expect(readIdList(q)).toEqual(['P02', 'P03']);
  });
  it('a missing file names the file', () => {
    expect(() => readIdList(join(dir, 'nope.txt'))).toThrow(/nope\.txt: ENOENT/);
  });
});
