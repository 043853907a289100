import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { SuppressionNote } from '../compare/index.js';
import { PUBLISHED_DECIMALS } from '../compare/published-number.js';
import type { Population } from '../core/population.js';
import { writeCsv, type CsvRow } from './csv.js';
import { jsonReplacer, type CommandContext } from './define-command.js';
import { CliError } from './errors.js';
import { buildProvenance, provenanceLines, type Provenance, type ProvenanceInput } from './provenance.js';

/** A table that went through small-number suppression: its rows and the note of what was done. */
export interface PublishedTable {
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly note: SuppressionNote;
}

/** Which half of the output folder a file goes to. */
export type Audience = 'publish' | 'internal';

/** One file written, for the closing summary. */
export interface WrittenFile {
  path: string;
  bytes: number;
  what: string;
  audience: Audience;
}

/** A file's entry in its folder's provenance and README. */
interface FolderEntry {
  name: string;
  what: string;
  /** Published tables: what each numeric column is (count, percent, rate, ...), fixing its precision. */
  columns?: Readonly<Record<string, string>>;
  /** Published tables: the suppression note. */
  suppression?: string;
}

const STATEMENT: Record<Audience, string> = {
  publish:
    'FOR PUBLICATION. Every count in these files went through small-number suppression with secondary suppression, ' +
    'and every rate, share and mean was calculated from the published counts; no file here lists a person.',
  internal:
    'NOT FOR PUBLICATION. These files hold exact counts, person-level rows (pseudonymised ids: case lists are for direct care), ' +
    'model files and validation detail, for the analyst. Publish only the files in ../publish/.',
};

/** Column names that hold a person's id: never in a published file. */
const ID_COLUMN = /^(id|ids|patient_?id|person_?id|pseudo_?id|nhs_?(pseudo_?)?(id|number)|treated_?id|control_?ids?)$/i;

/**
 * An output folder, split in two so what may be published is obvious:
 *
 * - `publish/`: suppressed tables (CSV) and the HTML report, written only through
 *   `publish.table` (which takes the result of small-number suppression and refuses a
 *   table with an id column, an unsuppressed count or a number with more decimals than
 *   its kind allows) and `publish.html`;
 * - `internal/`: exact JSON, case lists, models, features, scores, validation detail.
 *
 * Each half gets `provenance.json` (library version, command, the extract's window, how
 * opt-outs were handled, the suppression rule, the date of the run, and every file with what
 * it holds) and a `README.txt` saying whether it is for publication, kept up to date as files
 * are written. Keeps a list of what was written for the closing summary.
 */
export class OutputDir {
  readonly dir: string;
  readonly written: WrittenFile[] = [];
  /** Ids of people who opted out: dropped from any internal CSV with an `id` column. */
  optedOut: ReadonlySet<string> | undefined;
  private readonly run: ProvenanceInput;
  private extract: Parameters<typeof buildProvenance>[1];
  private source: readonly string[] | undefined;
  private readonly entries: Record<Audience, FolderEntry[]> = { publish: [], internal: [] };

  /** Writers for `publish/`: suppressed tables and the report only. */
  readonly publish: {
    /** A suppressed table as CSV (`columns` fixes the order; default the first row's keys). */
    table(name: string, table: PublishedTable, what: string, columns?: readonly string[]): string;
    /** The HTML report (it suppresses every count itself). */
    html(name: string, html: string, what: string): string;
  };
  /** Writers for `internal/`: anything, not for publication. */
  readonly internal: {
    text(name: string, content: string, what: string): string;
    /** Pretty JSON (typed arrays as arrays, non-finite numbers as null). */
    json(name: string, value: unknown, what: string): string;
    /** Spreadsheet-safe CSV; rows of opted-out people dropped when it has an `id` column. */
    csv(name: string, rows: readonly CsvRow[], what: string, columns?: readonly string[]): string;
  };

  constructor(dir: string, run: ProvenanceInput) {
    this.dir = dir;
    this.run = run;
    mkdirSync(dir, { recursive: true });
    this.publish = {
      table: (name, table, what, columns) => {
        const cols = columns ?? (table.rows[0] ? Object.keys(table.rows[0]) : []);
        checkPublishable(name, table, cols);
        return this.write('publish', name, writeCsv(table.rows, cols), what, { columns: table.note.kinds, suppression: table.note.text });
      },
      html: (name, html, what) => {
        if (!html.includes('class="note disclosure"') || html.includes('not for publication')) {
          throw new CliError(`refusing to write ${name} to publish/: the report was not rendered with small-number suppression`);
        }
        return this.write('publish', name, html, what);
      },
    };
    this.internal = {
      text: (name, content, what) => this.write('internal', name, content, what),
      json: (name, value, what) => this.write('internal', name, `${JSON.stringify(value, jsonReplacer, 2)}\n`, what),
      csv: (name, rows, what, columns) => this.write('internal', name, writeCsv(rows, columns, this.optedOut), what),
    };
  }

  /** The population the run read: opted-out people are dropped from internal CSVs, its window and opt-outs go into the provenance. */
  population(pop: Pick<Population, 'ids' | 'columns' | 'window' | 'provenance'>): void {
    const s = new Set<string>();
    for (let i = 0; i < pop.ids.length; i++) if (pop.columns.optedOut[i]) s.add(pop.ids[i]!);
    this.optedOut = s;
    this.extract = { window: pop.window, provenance: pop.provenance };
    this.refresh();
  }

  /** Provenance lines of the run that produced this run's input (e.g. report data). */
  inputProvenance(lines: readonly string[]): void {
    this.source = lines;
    this.refresh();
  }

  /** The provenance record as it stands. */
  get provenance(): Provenance {
    return buildProvenance(this.run, this.extract, this.source);
  }

  /** Lines for the closing summary, paths relative to `cwd`. */
  summary(cwd: string): string[] {
    return this.written.map((f) => {
      const rel = relative(cwd, f.path);
      return `  ${(rel.startsWith('..') ? f.path : rel).padEnd(48)} ${f.what}`;
    });
  }

  private write(audience: Audience, name: string, content: string, what: string, extra: Omit<FolderEntry, 'name' | 'what'> = {}): string {
    const path = this.put(audience, name, content, what);
    const list = this.entries[audience];
    const at = list.findIndex((e) => e.name === name);
    const entry = { name, what, ...extra };
    if (at >= 0) list[at] = entry;
    else list.push(entry);
    this.refresh();
    return path;
  }

  private put(audience: Audience, name: string, content: string, what: string): string {
    const path = join(this.dir, audience, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    const bytes = Buffer.byteLength(content);
    const known = this.written.find((f) => f.path === path);
    if (known) Object.assign(known, { bytes, what });
    else this.written.push({ path, bytes, what, audience });
    return path;
  }

  /** Rewrites provenance.json and README.txt of each half that holds files. */
  private refresh(): void {
    const p = this.provenance;
    for (const audience of ['publish', 'internal'] as const) {
      const files = this.entries[audience];
      if (files.length === 0) continue;
      this.put(audience, 'provenance.json', `${JSON.stringify({ ...p, folder: audience, forPublication: audience === 'publish', statement: STATEMENT[audience], files }, null, 2)}\n`,
        `provenance: version, command, the extract's window, opt-outs, suppression rule, run date, every file (${audience === 'publish' ? 'for publication' : 'NOT for publication'})`);
      const width = Math.max(...files.map((f) => f.name.length)) + 2;
      const readme = [
        `${audience}/: ${STATEMENT[audience]}`, '',
        ...provenanceLines(p), '',
        'Files:',
        ...files.map((f) => `  ${f.name.padEnd(width)}${f.what}`),
        `  ${'provenance.json'.padEnd(width)}this record as JSON, with each published column's kind and suppression note`, '',
      ].join('\n');
      this.put(audience, 'README.txt', readme, audience === 'publish' ? 'what is here: for publication' : 'what is here: NOT for publication');
    }
  }
}

/** An output folder for the command in `ctx` (its flags and the config's suppression rule go into the provenance). */
export function openOutput(ctx: CommandContext, dir: string): OutputDir {
  return new OutputDir(dir, { command: ctx.run.command, argv: ctx.run.argv, options: ctx.run.options, rule: ctx.config.suppression });
}

/**
 * The guard on `publish/`: a table must have been through small-number suppression with a
 * rule that suppresses something, hold no id column, no count from 1 to the threshold or off
 * the rounding base, and no number with more decimals than its kind is published with
 * (3 for a column of no declared kind).
 */
function checkPublishable(name: string, table: PublishedTable, columns: readonly string[]): void {
  const refuse = (why: string): never => {
    throw new CliError(`refusing to write ${name} to publish/: ${why}`);
  };
  const note = table?.note;
  if (!note || !Array.isArray(table.rows)) refuse('it is not the result of small-number suppression');
  const { threshold, roundTo, suppressZero } = note.rule;
  if (threshold === 0 && roundTo === 1 && !suppressZero) refuse('the suppression rule suppresses nothing (threshold 0, roundTo 1)');
  for (const c of columns) if (ID_COLUMN.test(c)) refuse(`column '${c}' holds person ids`);
  const counts = new Set(note.countColumns);
  table.rows.forEach((row, i) => {
    for (const c of columns) {
      const v = (row as Record<string, unknown>)[c];
      if (typeof v !== 'number') continue;
      if (counts.has(c) && v !== 0 && !(Number.isInteger(v) && v > threshold && v % roundTo === 0)) refuse(`row ${i + 1}, count column '${c}' holds ${v}, not suppressed by the rule`);
      const kind = note.kinds[c];
      const allowed = kind ? PUBLISHED_DECIMALS[kind] : 3;
      const text = String(v);
      const decimals = text.includes('e') ? Infinity : (text.split('.')[1] ?? '').length;
      if (decimals > allowed) refuse(`row ${i + 1}, column '${c}' holds ${text}: more than ${allowed} decimal place(s)`);
    }
  });
}
