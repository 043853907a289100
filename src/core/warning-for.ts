import type { ResultWarning } from './result-warning.js';

/**
 * The warning that explains the figure at `path` in a result: among `warnings`, the one whose
 * `path` is the longest prefix of `path` (a warning without a path concerns the whole result).
 * Use it to say why a figure is `null`, e.g. to print "n/a (no events)". O(warnings · path length).
 *
 * @param warnings - A result's `warnings`.
 * @param path - The figure's path in the result, e.g. `['atTop', 2, 'sensitivity']`.
 * @returns The most specific matching warning, or `undefined`.
 * @example
 * const e = evaluateScores([0.2, 0.1], [0, 0]);
 * e.auroc; // => null
 * warningFor(e.warnings, ['auroc'])?.code; // => 'no_events'
 */
export function warningFor(warnings: readonly ResultWarning[], path: ReadonlyArray<string | number>): ResultWarning | undefined {
  let best: ResultWarning | undefined;
  let bestLength = -1;
  for (const w of warnings) {
    const p = w.path ?? [];
    if (p.length > path.length || p.length <= bestLength) continue;
    let prefix = true;
    for (let k = 0; k < p.length && prefix; k++) prefix = String(p[k]) === String(path[k]);
    if (prefix) {
      best = w;
      bestLength = p.length;
    }
  }
  return best;
}
