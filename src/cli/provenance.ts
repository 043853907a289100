/**
 * Provenance: what every output folder says about where its numbers came from. One helper
 * builds the record (written as `provenance.json` in each of `publish/` and `internal/`),
 * and the same record gives the lines printed in the report and in each folder's README.
 */
import { basename } from 'node:path';
import { formatDay } from '../core/dates.js';
import type { DataWindow, PopulationProvenance } from '../core/population.js';
import pkg from '../../package.json' with { type: 'json' };
import type { OptionSpec } from './define-command.js';

/** The extract a run read: its window and how opt-outs were handled. */
export interface ExtractProvenance {
  /** The extract date (no data after it), yyyy-mm-dd, and whether it was given or derived. */
  readonly extractDate: string;
  readonly extractDateSource: DataWindow['extractDateSource'];
  /** The first day from which activity is complete, and whether it was given or derived. */
  readonly activityCompleteFrom: string;
  readonly activityCompleteFromSource: DataWindow['activityFromSource'];
  /** The rule that derived a date, in words (empty when both were given). */
  readonly rule: string;
  /** How opt-outs are known: 'column', 'removed-upstream', 'synthetic' or 'not-recorded'. */
  readonly optOuts: PopulationProvenance['optOuts'];
}

/** The provenance record of one run. */
export interface Provenance {
  readonly producedBy: { readonly name: 'risk-stratify'; readonly version: string };
  /** The date of the run (yyyy-mm-dd; `SOURCE_DATE_EPOCH` when set, for reproducible builds). */
  readonly runDate: string;
  /** The command line, with file and folder paths reduced to their names. */
  readonly command: string;
  readonly arguments: readonly string[];
  /** The extract's window and opt-outs; null when the run read no extract (e.g. `report`). */
  readonly extract: ExtractProvenance | null;
  /** The small-number rule every published count went through. */
  readonly suppression: { readonly threshold: number; readonly roundTo: number; readonly secondary: 'lines'; readonly text: string };
  /** Provenance lines of the run that produced this run's input (e.g. the report data's). */
  readonly source?: readonly string[];
}

/** What a run knows when it starts, to build its {@link Provenance}. */
export interface ProvenanceInput {
  readonly command: string;
  readonly argv: readonly string[];
  /** The command's flags, to know which values are paths. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly rule: { readonly threshold: number; readonly roundTo: number };
}

const PATH_ARGS = new Set(['FILE', 'DIR', 'NAME|FILE']);

/**
 * Builds the provenance record of a run. File and folder arguments are reduced to their
 * names (no home folders, no patient-level paths); `--out` is the folder the record is in.
 * With a population, its window and opt-out handling; `source`: lines from an input file's
 * own provenance.
 */
export function buildProvenance(run: ProvenanceInput, extract?: { window: DataWindow; provenance: PopulationProvenance }, source?: readonly string[]): Provenance {
  const args: string[] = [run.command];
  const paths = new Set(['out', 'config', ...Object.entries(run.options).filter(([, o]) => o.arg !== undefined && PATH_ARGS.has(o.arg)).map(([k]) => k)]);
  let pathNext: string | undefined;
  for (const a of run.argv) {
    if (pathNext !== undefined) {
      args.push(pathNext === 'out' ? '<this output folder>' : basename(a));
      pathNext = undefined;
      continue;
    }
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m && paths.has(m[1]!)) {
      if (m[2] === undefined) {
        args.push(a);
        pathNext = m[1]!;
      } else args.push(`--${m[1]}=${m[1] === 'out' ? '<this output folder>' : basename(m[2])}`);
      continue;
    }
    args.push(a);
  }
  const epoch = Number(process.env['SOURCE_DATE_EPOCH']);
  const runDate = (Number.isFinite(epoch) && process.env['SOURCE_DATE_EPOCH'] ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
  const { threshold, roundTo } = run.rule;
  return {
    producedBy: { name: 'risk-stratify', version: pkg.version },
    runDate,
    command: `risk-stratify ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`,
    arguments: args,
    extract: extract
      ? {
        extractDate: formatDay(extract.window.extractDate), extractDateSource: extract.window.extractDateSource,
        activityCompleteFrom: formatDay(extract.window.activityFrom), activityCompleteFromSource: extract.window.activityFromSource,
        rule: extract.window.rule, optOuts: extract.provenance.optOuts,
      }
      : null,
    suppression: {
      threshold, roundTo, secondary: 'lines',
      text: `Counts from 1 to ${threshold} are suppressed (*) and other counts, totals included, rounded to the nearest ${roundTo}; ` +
        'where a row or column that adds up to a total has a suppressed cell, further cells are suppressed so that none can be worked out by subtraction; ' +
        'rates, shares and means are calculated from the published counts.',
    },
    ...(source ? { source } : {}),
  };
}

const OPT_OUTS: Record<PopulationProvenance['optOuts'], string> = {
  column: 'from the extract\'s opt-out column: opted-out people are never selected nor listed',
  'removed-upstream': 'removed upstream, before the extract was taken (said by the user; not checked here)',
  synthetic: 'synthetic population (no real person can opt out)',
  'not-recorded': 'NOT RECORDED: nobody is known to have opted out',
};

/** The record as lines of text, for the report and the folders' READMEs. */
export function provenanceLines(p: Provenance): string[] {
  const lines = [`Produced by risk-stratify ${p.producedBy.version} on ${p.runDate}: ${p.command}`];
  if (p.extract) {
    const e = p.extract;
    lines.push(`Extract date ${e.extractDate} (${e.extractDateSource}); activity complete from ${e.activityCompleteFrom} (${e.activityCompleteFromSource})${e.rule ? `: ${e.rule}` : ''}.`);
    lines.push(`Opt-outs: ${e.optOuts} (${OPT_OUTS[e.optOuts]}).`);
  }
  lines.push(`Suppression: ${p.suppression.text}`);
  for (const s of p.source ?? []) lines.push(`Input: ${s}`);
  return lines;
}
