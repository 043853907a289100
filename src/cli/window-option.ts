/**
 * The extract's window on the command line: the `--before-data` flag (or the config's
 * `beforeData`), and window warnings printed on stderr. Window errors need nothing here: the
 * library throws them (`window_past_extract`, `window_before_data`), and `main` prints the
 * message and exits 1, as for any error.
 */
import { formatDay } from '../core/dates.js';
import type { DataWindow } from '../core/population.js';
import type { CommandContext, OptionSpec } from './define-command.js';
import { UsageError } from './errors.js';

/** The `--before-data` flag of every command with an as-of date, a lookback or a horizon. */
export const WINDOW_OPTION: Record<string, OptionSpec> = {
  'before-data': {
    type: 'string', arg: 'WHAT',
    help: "a lookback or before-window starting before the extract's activity is complete: warn (default: a warning on stderr) or error (exit 1)",
  },
};

/** `--before-data` (or the config's `beforeData`). */
export function beforeDataOf(ctx: CommandContext): 'warn' | 'error' {
  const v = ctx.string('before-data') ?? ctx.config.beforeData;
  if (v !== 'warn' && v !== 'error') throw new UsageError(`--before-data must be warn or error; got ${JSON.stringify(v)}`);
  return v;
}

/** The window as outputs show it (provenance in every JSON the commands write). */
export function windowProvenance(w: DataWindow): Record<string, string> {
  return {
    extractDate: formatDay(w.extractDate), activityFrom: formatDay(w.activityFrom),
    extractDateSource: w.extractDateSource, activityFromSource: w.activityFromSource, rule: w.rule,
  };
}

/** Prints each window warning (`window_before_data`, `window_past_extract`) of the lists on stderr, once. */
export function logWindowWarnings(ctx: CommandContext, ...lists: ReadonlyArray<readonly { readonly code: string; readonly message: string }[] | undefined>): void {
  const seen = new Set<string>();
  for (const list of lists) {
    for (const w of list ?? []) {
      if (!w.code.startsWith('window_') || seen.has(w.message)) continue;
      seen.add(w.message);
      ctx.log(`warning: ${w.message}`);
    }
  }
}
