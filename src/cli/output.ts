import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeCsv, type CsvRow } from './csv.js';
import { jsonReplacer } from './define-command.js';

/** One file written, for the closing summary. */
export interface WrittenFile {
  path: string;
  bytes: number;
  what: string;
}

/**
 * An output folder. Keeps a list of what was written so the command can print a short
 * summary (stderr) or return it in `--json` output.
 */
export class OutputDir {
  readonly dir: string;
  readonly written: WrittenFile[] = [];
  /** Ids of people who opted out: dropped from any CSV with an `id` column. */
  optedOut: ReadonlySet<string> | undefined;
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }
  /** Writes text to `name` inside the folder. */
  text(name: string, content: string, what: string): string {
    const path = join(this.dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    this.written.push({ path, bytes: Buffer.byteLength(content), what });
    return path;
  }
  /** Pretty JSON (typed arrays as arrays, non-finite numbers as null). */
  json(name: string, value: unknown, what: string): string {
    return this.text(name, `${JSON.stringify(value, jsonReplacer, 2)}\n`, what);
  }
  /** Spreadsheet-safe CSV. */
  csv(name: string, rows: readonly CsvRow[], what: string, columns?: readonly string[]): string {
    return this.text(name, writeCsv(rows, columns, this.optedOut), what);
  }
  /** Lines for the closing summary, paths relative to `cwd`. */
  summary(cwd: string): string[] {
    return this.written.map((f) => {
      const rel = relative(cwd, f.path);
      return `  ${(rel.startsWith('..') ? f.path : rel).padEnd(48)} ${f.what}`;
    });
  }
}
