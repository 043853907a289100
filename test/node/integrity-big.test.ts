// Issue 20, part 1 (big and endless sources): files larger than one string are read in parts
// with the same result as one string gives, binary content is refused before the whole input
// is read, and a pipe or device is read up to a stated size. The part size and the stream limit
// are lowered here (READ_LIMITS) so the paths a 2 GB extract takes run on small files; an opt-in
// test (RISK_STRATIFY_BIG=1) loads a real 600 MB file.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPopulationFromFiles } from '../../src/node/load-population-from-files.js';
import { READ_LIMITS } from '../../src/node/read-limits.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { populationToExtract } from '../../src/cli/extract-csv.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import type { LoadPopulationResult } from '../../src/data/load-population.js';

const DEFAULTS = { ...READ_LIMITS };
afterEach(() => Object.assign(READ_LIMITS, DEFAULTS));

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'rs-integrity-big-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The whole of a load result as plain data, to compare two loads. */
function snapshot(r: LoadPopulationResult): unknown {
  const p = r.population;
  return {
    ids: p.ids, columns: Object.fromEntries(Object.entries(p.columns).map(([k, v]) => [k, Array.from(v as ArrayLike<unknown>)])),
    activity: Object.fromEntries(Object.entries(p.activity).map(([k, v]) => [k, Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v])),
    conditions: Object.fromEntries(Object.entries(p.conditions).map(([k, v]) => [k, Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v])),
    rejected: r.rejected, summary: r.summary, warnings: r.warnings,
  };
}

const errorOf = async (p: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> => {
  try {
    await p;
  } catch (e) {
    if (isRiskStratifyError(e)) return e as never;
    throw e;
  }
  throw new Error('expected a RiskStratifyError');
};

describe('files larger than one string are read in parts', () => {
  it('an extract read in parts of a few KiB gives exactly what one string gives: population, rejected rows, summary', async () => {
    const { population, truth } = generatePopulation({ size: 1500, practices: 3, seed: 7 });
    const x = populationToExtract(population, undefined, truth.endDate);
    // defects across the file: multi-line quoted fields, an unterminated quote, invalid UTF-8,
    // non-ASCII ids, CRLF line ends, a ragged row
    const lines = x.patients.trimEnd().split('\n');
    const ncol = lines[0]!.split(',').length;
    for (let k = 5; k < lines.length; k += 97) {
      const cells = lines[k]!.split(',');
      cells[ncol - 1] = `"${cells[ncol - 1]}\nmore ""text"""`;
      lines[k] = cells.join(',');
    }
    lines[400] = `${lines[400]!.split(',')[0]}é,${lines[400]!.split(',').slice(1).join(',')}`;
    lines[600] = lines[600]!.replace(',', ',"');
    lines[800] = lines[800]!.split(',').slice(0, 3).join(',');
    const text = `${lines.join('\r\n')}\r\n`;
    const bytes = Buffer.from(text, 'utf8');
    const bad = Buffer.concat([bytes.subarray(0, 30000), Buffer.from([0xfe]), bytes.subarray(30000, 60000), Buffer.from([0xff]), bytes.subarray(60000)]);
    writeFileSync(join(dir, 'patients.csv'), bad);
    writeFileSync(join(dir, 'activity.csv'), x.activity);
    const files = { patients: join(dir, 'patients.csv'), activity: join(dir, 'activity.csv') };
    const opts = { referenceDate: truth.endDate, optOuts: 'removed-upstream' as const };
    const whole = await loadPopulationFromFiles(files, opts);
    expect(whole.summary.issuesByCode['invalid_encoding']).toBe(2);
    expect(whole.summary.issuesByCode['bad_quoting']).toBe(1);
    expect(whole.summary.patients.rowsIn).toBe(lines.length - 1);
    for (const part of [1500, 4096, 65536]) {
      READ_LIMITS.partBytes = part;
      const parts = await loadPopulationFromFiles(files, opts);
      const a = snapshot(parts) as Record<string, unknown>;
      const b = snapshot(whole) as Record<string, unknown>;
      for (const k of Object.keys(b)) expect(a[k], `${k}, parts of ${part} bytes`).toEqual(b[k]);
    }
  });
  it('a line longer than a part is refused with a library error naming the file and the limit', async () => {
    writeFileSync(join(dir, 'long.csv'), `id,practiceId,birthDate,optedOut\n${'x'.repeat(5000)},A,1950-01-01,N\n`);
    READ_LIMITS.partBytes = 1024;
    const e = await errorOf(loadPopulationFromFiles({ patients: join(dir, 'long.csv') }));
    expect(e.code).toBe('file_unreadable');
    expect(e.message).toContain('long.csv');
    expect(e.message).toContain('1 KiB');
    expect(e.details?.['reason']).toBe('too_large');
  });
});

describe('binary and endless sources', () => {
  it('/dev/zero is refused as binary after its first 64 KiB, naming the file', async () => {
    const e = await errorOf(loadPopulationFromFiles({ patients: '/dev/zero' }));
    expect(e.code).toBe('file_unreadable');
    expect(e.message).toContain('/dev/zero');
    expect(e.details?.['reason']).toBe('binary');
  });
  it('a gzip whose content is binary is refused too', async () => {
    writeFileSync(join(dir, 'bin.csv.gz'), gzipSync(Buffer.alloc(100)));
    expect((await errorOf(loadPopulationFromFiles({ patients: join(dir, 'bin.csv.gz') }))).details?.['reason']).toBe('binary');
  });
  it('an endless text device (/dev/urandom is binary; a FIFO fed forever) is read up to the stated maximum and refused naming the file and the limit', async () => {
    const fifo = join(dir, 'endless.csv');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here
    READ_LIMITS.maxStreamBytes = 1 << 20;
    const writer = spawn(process.execPath, ['-e', `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(fifo)},'w');const b=Buffer.from('id,practiceId,birthDate,optedOut\\n'+'p1,A,1950-01-01,N\\n'.repeat(4096));try{for(;;)fs.writeSync(fd,b)}catch{}`], { stdio: 'ignore' });
    try {
      const e = await errorOf(loadPopulationFromFiles({ patients: fifo }));
      expect(e.code).toBe('file_unreadable');
      expect(e.message).toContain(fifo);
      expect(e.message).toContain('1 MiB');
      expect(e.details?.['reason']).toBe('too_large');
    } finally {
      writer.kill();
    }
  });
  it('a FIFO giving a finite CSV is read whole, as a file is', async () => {
    const fifo = join(dir, 'finite.csv');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const csv = `id,practiceId,birthDate,optedOut\n${Array.from({ length: 20000 }, (_, k) => `p${k},A,1950-01-01,N`).join('\n')}\n`;
    writeFileSync(join(dir, 'finite-source.csv'), csv);
    const writer = spawn('sh', ['-c', `cat "${join(dir, 'finite-source.csv')}" > "${fifo}"`], { stdio: 'ignore' });
    const r = await loadPopulationFromFiles({ patients: fifo }, { referenceDate: '2024-01-01' });
    expect(r.population.size).toBe(20000);
    writer.kill();
  });
});

describe.runIf(process.env['RISK_STRATIFY_BIG'] === '1')('a file over 512 MiB (opt-in: RISK_STRATIFY_BIG=1)', () => {
  it('loadPopulationFromFiles loads a 600 MB patients file', async () => {
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    out.write('id,practiceId,birthDate,optedOut,note\n');
    const pad = 'x'.repeat(40);
    let rows = 0;
    for (let b = 0; b < 600; b++) {
      const chunk: string[] = [];
      for (let k = 0; k < 10000; k++) chunk.push(`P${rows++},A${rows % 50},1950-01-01,N,${pad}`);
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const r = await loadPopulationFromFiles({ patients: path }, { referenceDate: '2024-01-01', ignore: ['note'] });
    expect(r.population.size).toBe(rows);
    expect(r.rejected).toEqual([]);
  }, 600_000);
});
