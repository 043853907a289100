import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../../src/cli/io.js';
import { populationToExtract } from '../../src/cli/extract-csv.js';
import { generatePopulation, type Population } from '../../src/index.js';

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

/**
 * The shared Synthea export: `../shared/data/synthea-unmc-crane-111` beside the repository
 * (as in CI), or `RS_SHARED_DIR/data/...` when set (worktrees live deeper). Undefined if absent.
 */
export function syntheaDir(): string | undefined {
  const root = resolve(__dirname, '../..');
  const candidates = [
    ...(process.env['RS_SHARED_DIR'] ? [join(process.env['RS_SHARED_DIR'], 'data/synthea-unmc-crane-111')] : []),
    resolve(root, '../shared/data/synthea-unmc-crane-111'),
    resolve(root, '../../shared/data/synthea-unmc-crane-111'),
    resolve(root, 'test/fixtures/data/synthea-unmc-crane-111'), // the committed copy
  ];
  return candidates.find((d) => existsSync(join(d, 'patients.csv')));
}

/** Parses CSV text (RFC 4180 quotes, CRLF or LF) into a header and rows of strings. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); records.push(row); }
  const [header = [], ...rows] = records;
  return { header, rows };
}

/**
 * Writes a synthetic population as a site's CSV extract in `dir` (patients, activity,
 * conditions) with a `site.json` config naming them and the extract date 2024-04-01.
 * Returns the population it wrote.
 */
export function writeSyntheticExtract(dir: string, options: { size: number; practices: number; seed: number }): Population {
  const { population, truth } = generatePopulation(options);
  const x = populationToExtract(population, undefined, truth.endDate);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'patients.csv'), x.patients);
  writeFileSync(join(dir, 'activity.csv'), x.activity);
  writeFileSync(join(dir, 'conditions.csv'), x.conditions);
  writeFileSync(join(dir, 'site.json'), JSON.stringify({ inputs: { patients: 'patients.csv', activity: 'activity.csv', conditions: 'conditions.csv', extractDate: '2024-04-01' } }));
  return population;
}

/** Every file under `root`, recursively. */
export function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The ids of `ids` that appear in `text` as a whole token (letters and digits around an id end it). */
export function idsIn(text: string, ids: readonly string[]): string[] {
  return ids.filter((id) => new RegExp(`(^|[^0-9A-Za-z])${id}([^0-9A-Za-z]|$)`).test(text));
}

/** The NHS-shaped extract fixture (see test/fixtures/extract/nhs-style/README.md). */
export const NHS_STYLE_FIXTURE = resolve(__dirname, '../fixtures/extract/nhs-style');

/** What the NHS-shaped fixture is known to hold: its extract date and the ids of people who opted out, left or died. */
export function nhsStyleFacts(): { extractDate: string; optedOut: string[]; leftPractice: string[]; died: string[] } {
  return JSON.parse(readFileSync(join(NHS_STYLE_FIXTURE, 'opted-out.json'), 'utf8')) as ReturnType<typeof nhsStyleFacts>;
}

/**
 * Copies the NHS-shaped extract into `dir` with a `site.json` mapping only `id` and
 * `practiceId` (as a new user starts), plus `extra` config keys (e.g. `variants`).
 */
export function writeNhsStyleSite(dir: string, extra: Record<string, unknown> = {}): void {
  for (const f of ['patients.csv', 'activity.csv', 'conditions.csv']) copyFileSync(join(NHS_STYLE_FIXTURE, f), join(dir, f));
  writeFileSync(join(dir, 'site.json'), JSON.stringify({
    inputs: {
      patients: 'patients.csv', activity: 'activity.csv', conditions: 'conditions.csv', extractDate: nhsStyleFacts().extractDate,
      columns: { patients: { id: 'nhs_pseudo_id', practiceId: 'practice_code' } },
      conditionCodes: { HF: 'heart_failure', DM: 'diabetes', HYP: 'hypertension', '195967001': 'asthma' },
    },
    ...extra,
  }));
}
