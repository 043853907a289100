import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../../src/cli/io.js';

/** Runs the command in-process with captured stdout/stderr. */
export async function run(argv: string[], cwd = process.cwd(), tty = false): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO(cwd, tty);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'rs-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
