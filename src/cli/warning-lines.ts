/**
 * Warnings of a result as lines for the terminal, printed beside the headline: one line per
 * warning, except that the warnings about the levels of a subgroup variable (one per
 * practice, say) are folded into one line per variable with counts by code.
 */
import type { ResultWarning } from '../core/result-warning.js';

const SHORT: Readonly<Record<string, string>> = {
  no_events: 'no events',
  no_non_events: 'no non-events',
  zero_denominator: 'nothing to divide by',
  insufficient_data: 'too few data',
  not_converged: 'not converged',
};

/**
 * Lines `warning [code]: message` for `warnings`. Warnings about subgroup levels (path
 * `['byGroup', variable, level, ...]`) are folded once a variable has more than `fold` of
 * them: `warning [byGroup practice]: figures are null or limited in 80 groups: no events in
 * 73, nothing to divide by in 80 (e.g. <first message>); every one is in the JSON`.
 *
 * @param warnings - A result's warnings.
 * @param prefix - Put before each message, e.g. a variant's name.
 * @param fold - Fold a variable's group warnings beyond this many (default 3).
 * @returns The lines, in the order the warnings came (a folded variable where its first stood).
 * @example
 * warningLines([{ code: 'no_events', message: 'no events: AUROC ... null' }]);
 * // => ['warning [no_events]: no events: AUROC ... null']
 */
export function warningLines(warnings: readonly ResultWarning[], prefix = '', fold = 3): string[] {
  const variableOf = (w: ResultWarning): string | undefined => (w.path?.[0] === 'byGroup' && w.path.length >= 3 ? String(w.path[1]) : undefined);
  const byVariable = new Map<string, ResultWarning[]>();
  for (const w of warnings) {
    const v = variableOf(w);
    if (v !== undefined) (byVariable.get(v) ?? byVariable.set(v, []).get(v)!).push(w);
  }
  const lines: string[] = [];
  const done = new Set<string>();
  for (const w of warnings) {
    const v = variableOf(w);
    const same = v === undefined ? undefined : byVariable.get(v)!;
    if (same !== undefined && same.length > fold) {
      if (done.has(v!)) continue;
      done.add(v!);
      const levels = new Set(same.map((x) => String(x.path![2])));
      const byCode = new Map<string, Set<string>>();
      for (const x of same) (byCode.get(x.code) ?? byCode.set(x.code, new Set()).get(x.code)!).add(String(x.path![2]));
      const counts = [...byCode].map(([code, ls]) => `${SHORT[code] ?? code.replace(/_/g, ' ')} in ${ls.size}`).join(', ');
      lines.push(`warning [byGroup ${v}]: ${prefix}figures are null or limited in ${levels.size} ${v} group(s): ${counts} (e.g. ${w.message}); each is in the JSON`);
      continue;
    }
    lines.push(`warning [${w.code}]: ${prefix}${w.message}${w.examples && w.examples.length > 0 && !w.message.includes(w.examples[0]!) ? ` (e.g. ${w.examples.join(', ')})` : ''}`);
  }
  return lines;
}
