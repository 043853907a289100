import { basename, extname } from 'node:path';
import type { Cohort } from '../cohort/index.js';
import type { CommandContext, OptionSpec } from './define-command.js';
import { UsageError } from './errors.js';
import { readIdList } from './read-id-list.js';

/** `--exclude` and `--unmatched-exclusions`: exclusion lists on the command line, beside the config's. */
export const EXCLUDE_OPTIONS: Record<string, OptionSpec> = {
  exclude: { type: 'string', arg: 'NAME=FILE,...', help: "exclusion lists to add to the config's: name=file (or just a file, named after it), ids matched as the loader reads them (trimmed, exact, case included)" },
  'unmatched-exclusions': { type: 'string', arg: 'error|warn', help: "a list that matches nobody in the extract: error (default: stop, naming it) or warn (the config's unmatchedExclusions)" },
};

/** The config's exclusion lists plus those of `--exclude`, by name; a name given twice is a usage mistake. */
export function exclusionsOf(ctx: CommandContext): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const put = (name: string, ids: string[]): void => {
    if (Object.hasOwn(out, name)) throw new UsageError(`exclusion list ${JSON.stringify(name)} is given twice`);
    Object.defineProperty(out, name, { value: ids, enumerable: true, writable: true, configurable: true });
  };
  for (const name of Object.keys(ctx.exclusions)) put(name, Object.getOwnPropertyDescriptor(ctx.exclusions, name)!.value as string[]);
  for (const item of (ctx.string('exclude') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const eq = item.indexOf('=');
    const file = eq >= 0 ? item.slice(eq + 1) : item;
    const name = eq >= 0 ? item.slice(0, eq).trim() : basename(file, extname(file));
    if (name === '' || file === '') throw new UsageError(`--exclude takes name=file; got ${JSON.stringify(item)}`);
    put(name, readIdList(ctx.path(file)));
  }
  return out;
}

/** `--unmatched-exclusions`, else the config's `unmatchedExclusions`. */
export function unmatchedExclusionsOf(ctx: CommandContext): 'error' | 'warn' {
  const v = ctx.string('unmatched-exclusions');
  if (v === undefined) return ctx.config.unmatchedExclusions;
  if (v !== 'error' && v !== 'warn') throw new UsageError(`--unmatched-exclusions must be error or warn; got ${JSON.stringify(v)}`);
  return v;
}

/**
 * One line per exclusion list of a cohort: ids in the list, people of the extract it matched,
 * and how many it excluded from this variant (people it names who were not already excluded
 * as opted out, deceased, left the list, not registered, a child, or by an earlier list).
 */
export function exclusionListLines(cohort: Cohort, variant: string): string[] {
  return cohort.exclusionLists.map((l) =>
    `exclusion list ${l.list}: ${l.ids} id(s), ${l.matched} matched in the extract${l.unmatched > 0 ? ` (${l.unmatched} not found)` : ''}, ${l.excluded} excluded from ${variant}`);
}
