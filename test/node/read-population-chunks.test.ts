import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { readPopulationChunks } from '../../src/node/read-population-chunks.js';

const dir = mkdtempSync(join(tmpdir(), 'rs-chunks-'));

function files(n: number, seed: number) {
  const rng = createRng(seed);
  const ids = Array.from({ length: n }, (_, i) => `N${String(i).padStart(5, '0')}`);
  let p = 'id,practiceId,sex,birthDate\n';
  let a = 'patientId,date,setting\n';
  for (const id of ids) {
    p += `${id},"P${rng.int(3)}",F,19${50 + rng.int(40)}-0${1 + rng.int(9)}-1${rng.int(10)}\n`;
    const k = rng.int(4);
    for (let e = 0; e < k; e++) a += `${id},2023-0${1 + rng.int(9)}-1${rng.int(10)},${rng.uniform() < 0.5 ? 'inpatient' : 'ae'}\n`;
  }
  a += 'Z99999,2023-01-01,ae\n'; // an event of nobody: rejected by the loader, as in a whole load
  const pp = join(dir, `p${seed}.csv`);
  const ap = join(dir, `a${seed}.csv`);
  writeFileSync(pp, p);
  writeFileSync(ap, a);
  return { pp, ap, p, a };
}

describe('readPopulationChunks', () => {
  it('chunks of 7 people hold the same people and events as loadPopulation of the whole files', async () => {
    const { pp, ap, p, a } = files(52, 1);
    // these files are about chunking; they have no opt-out column
    const whole = loadPopulation({ patients: p, activity: a }, { optOuts: 'removed-upstream' }).population;
    let people = 0;
    let rejected = 0;
    let chunks = 0;
    for await (const r of readPopulationChunks({ patients: pp, activity: ap }, { chunkSize: 7, optOuts: 'removed-upstream' })) {
      expect(r.population.provenance.optOuts).toBe('removed-upstream');
      chunks++;
      rejected += r.rejected.length;
      for (let i = 0; i < r.population.size; i++) {
        const w = whole.indexOf(r.population.ids[i]!);
        expect(w).toBeGreaterThanOrEqual(0);
        const o = r.population.activity.offsets;
        const wo = whole.activity.offsets;
        expect(o[i + 1]! - o[i]!).toBe(wo[w + 1]! - wo[w]!);
        expect(Array.from(r.population.activity.date.subarray(o[i]!, o[i + 1]!))).toEqual(Array.from(whole.activity.date.subarray(wo[w]!, wo[w + 1]!)));
        expect(r.population.practices[r.population.columns.practice[i]!]).toBe(whole.practices[whole.columns.practice[w]!]);
      }
      people += r.population.size;
    }
    expect(chunks).toBe(Math.ceil(52 / 7));
    expect(people).toBe(52);
    expect(rejected).toBe(1); // Z99999's event, in the last chunk
  });

  it('refuses files not sorted by id (invalid_input, naming the file) and a bad chunkSize', async () => {
    const pp = join(dir, 'unsorted.csv');
    writeFileSync(pp, 'id,practiceId,birthDate\nB,P1,1950-01-01\nA,P1,1950-01-01\n');
    const drain = async (it: AsyncIterable<unknown>) => { for await (const _ of it) void _; };
    await expect(drain(readPopulationChunks({ patients: pp }, { chunkSize: 1, optOuts: 'removed-upstream' }))).rejects.toMatchObject({ code: 'invalid_input', path: ['patients', 3] });
    await expect(drain(readPopulationChunks({ patients: pp }, { chunkSize: 0 }))).rejects.toMatchObject({ code: 'invalid_options' });
  });
});

describe('readPopulationChunks reads bytes as the whole-file loader does (issue 20: never silently replaced)', () => {
  const enc = mkdtempSync(join(tmpdir(), 'rs-chunks-enc-'));
  const bytes = (...parts: Array<string | number[]>): Buffer => Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from(x))));

  it('ids P\\xFE1 and P\\xFF1 are two rejected rows (invalid_encoding), not one id and a false duplicate', async () => {
    const pp = join(enc, 'bad-utf8.csv');
    writeFileSync(pp, bytes('id,practiceId,sex,birthDate\n', 'A1,P1,F,1950-01-01\n', 'P', [0xfe], '1,P1,F,1951-01-01\n', 'P', [0xff], '1,P1,M,1952-01-01\n', 'Z9,P1,M,1953-01-01\n'));
    const codes: string[] = [];
    const ids: string[] = [];
    for await (const r of readPopulationChunks({ patients: pp }, { chunkSize: 2, optOuts: 'removed-upstream' })) {
      codes.push(...r.rejected.map((x) => x.code));
      ids.push(...r.population.ids);
    }
    expect(codes).toEqual(['invalid_encoding', 'invalid_encoding']);
    expect(codes).not.toContain('duplicate_id');
    expect(ids).toEqual(['A1', 'Z9']);
    expect(ids.join('')).not.toContain('\uFFFD');
  });

  it("encoding: 'windows-1252' keeps the accents and the euro sign", async () => {
    const pp = join(enc, 'cp1252.csv');
    writeFileSync(pp, bytes('id,practiceId,sex,birthDate,ethnicity\n', 'A1,P1,F,1950-01-01,Zo', [0xeb], ' ', [0x80], '\n'));
    const seen: string[] = [];
    for await (const r of readPopulationChunks({ patients: pp }, { optOuts: 'removed-upstream', encoding: 'windows-1252' })) {
      expect(r.rejected).toEqual([]);
      const p = r.population;
      seen.push(p.ethnicities[p.columns.ethnicity[0]!]!);
    }
    expect(seen).toEqual(['Zoë €']);
  });
});
