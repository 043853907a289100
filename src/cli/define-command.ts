import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { parseDate } from '../core/dates.js';
import { defaultConfig, loadConfig, type SiteConfig } from './config.js';
import { CliError, UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { createProgress, type Progress } from './progress.js';
import { readIdList } from './read-id-list.js';

/** One flag of a command, in `node:util` `parseArgs` form plus a line of help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `FILE`. */
  arg?: string;
  help: string;
}

/** The flags every command takes. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  config: { type: 'string', arg: 'FILE', help: "a site's run as JSON: inputs, column mapping, as-of date, model, variants, exclusions, suppression" },
  'as-of': { type: 'string', arg: 'DATE', help: 'the date the run stands at (yyyy-mm-dd or dd/mm/yyyy)' },
  seed: { type: 'string', arg: 'N', help: 'seed for everything random (default 1)' },
  out: { type: 'string', arg: 'DIR', help: 'folder to write outputs to' },
  json: { type: 'boolean', help: 'machine-readable JSON on stdout; no progress bar' },
  debug: { type: 'boolean', help: 'show stack traces on errors' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** Parsed common flags, merged with the config file (flags win). */
export interface CommonValues {
  /** Day number of `--as-of` (or the config's `asOf`), if given. */
  asOf: number | undefined;
  seed: number;
  /** Absolute output folder, if given. */
  out: string | undefined;
  json: boolean;
  debug: boolean;
}

/** What a command's `run` receives. */
export interface CommandContext {
  io: CliIO;
  /** The command as run: its name, its arguments (after the name) and its flags' specs (for the provenance). */
  readonly run: { readonly command: string; readonly argv: readonly string[]; readonly options: Readonly<Record<string, OptionSpec>> };
  /** The command's own flags (strings, booleans, or arrays for `multiple`). */
  values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  positionals: readonly string[];
  common: CommonValues;
  /** The site config (defaults when no `--config`). */
  config: SiteConfig;
  /** Exclusion lists named in the config (`exclusions`), read once: reason -> ids. */
  readonly exclusions: Record<string, string[]>;
  /** A string flag, or `undefined`. */
  string(name: string): string | undefined;
  /** A numeric flag, or `fallback`; a value that is not a number is a usage error. */
  number(name: string, fallback: number): number;
  number(name: string): number | undefined;
  /** A date flag as a day number. */
  date(name: string): number | undefined;
  /** Absolute path for a user-supplied path. */
  path(p: string): string;
  /** Progress bar for a long step (drawn only on a terminal, never with `--json`). */
  progress(label: string): Progress;
  /** A line on stderr (suppressed by nothing: stdout stays clean for results). */
  log(line: string): void;
  /** Result text on stdout. */
  print(text: string): void;
  /** A JSON value on stdout (one document, pretty-printed). */
  printJSON(value: unknown): void;
}

/** A subcommand. Each lives in its own file under `src/cli/`. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) after `risk-stratify <name>`. */
  usage: string;
  /** The command's own flags (common flags are added). */
  options: Record<string, OptionSpec>;
  /** Worked example(s) shown by `--help`. */
  examples: readonly string[];
  /** Longer description for `--help`, including exit codes. */
  description?: string;
  run(ctx: CommandContext): Promise<number>;
}

/** Declares a command (identity function that checks the shape). */
export function defineCommand(c: Command): Command {
  return c;
}

/** The `--help` text of a command. */
export function helpText(c: Command): string {
  const opts = { ...c.options, ...COMMON_OPTIONS };
  const lines = Object.entries(opts).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.arg ? ` ${o.arg}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.help}`;
  });
  return [
    `risk-stratify ${c.name}: ${c.summary}`,
    '',
    `Usage: risk-stratify ${c.name} ${c.usage}`,
    ...(c.description ? ['', c.description] : []),
    '',
    'Options:',
    ...lines,
    '',
    'Example:',
    ...c.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

function parseSeed(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`--seed must be a whole number; got ${JSON.stringify(text)}`);
  return n;
}

/**
 * Parses `argv` for command `c`, builds its context and runs it. `--help` prints help and
 * returns 0. Usage mistakes throw {@link UsageError} (exit code 2).
 */
export async function runCommand(c: Command, argv: readonly string[], io: CliIO): Promise<number> {
  const specs = { ...c.options, ...COMMON_OPTIONS };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [k, o] of Object.entries(specs)) {
    options[k] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`${msg} (see 'risk-stratify ${c.name} --help')`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values['help']) {
    io.stdout(helpText(c));
    return 0;
  }
  const cwd = io.cwd;
  const configPath = values['config'] as string | undefined;
  const config = configPath !== undefined ? loadConfig(resolve(cwd, configPath)) : defaultConfig();

  const asOfText = (values['as-of'] as string | undefined) ?? config.asOf;
  let asOf: number | undefined;
  if (asOfText !== undefined) {
    asOf = parseDate(asOfText);
    if (asOf === undefined) throw new UsageError(`--as-of must be a date (yyyy-mm-dd or dd/mm/yyyy); got ${JSON.stringify(asOfText)}`);
  }
  const outText = (values['out'] as string | undefined) ?? config.out;
  const common: CommonValues = {
    asOf,
    seed: parseSeed(values['seed'] as string | undefined, config.seed ?? 1),
    out: outText === undefined ? undefined : resolve(cwd, outText),
    json: values['json'] === true,
    debug: values['debug'] === true,
  };

  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  function num(name: string): number | undefined;
  function num(name: string, fallback: number): number;
  function num(name: string, fallback?: number): number | undefined {
    const v = str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number; got ${JSON.stringify(v)}`);
    return n;
  }
  let exclusions: Record<string, string[]> | undefined;
  const ctx: CommandContext = {
    io,
    run: { command: c.name, argv: [...argv], options: specs },
    values,
    positionals: parsed.positionals,
    common,
    config,
    get exclusions() {
      exclusions ??= Object.fromEntries(Object.entries(config.exclusions).map(([reason, file]) => [reason, readIdList(file)]));
      return exclusions;
    },
    string: str,
    number: num,
    date(name) {
      const v = str(name);
      if (v === undefined) return undefined;
      const d = parseDate(v);
      if (d === undefined) throw new UsageError(`--${name} must be a date (yyyy-mm-dd or dd/mm/yyyy); got ${JSON.stringify(v)}`);
      return d;
    },
    path: (p) => resolve(cwd, p),
    progress: (label) => createProgress(io, label, io.stderrIsTTY && !common.json),
    log: (line) => io.stderr(`${line}\n`),
    print: (text) => io.stdout(text.endsWith('\n') ? text : `${text}\n`),
    printJSON: (value) => io.stdout(`${JSON.stringify(value, jsonReplacer, 2)}\n`),
  };
  return c.run(ctx);
}

/** JSON for typed arrays (as plain arrays) and non-finite numbers (as null). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

export { CliError };
