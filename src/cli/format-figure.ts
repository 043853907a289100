/**
 * The one way the command prints a figure that may be missing: a number as asked, or
 * `n/a (why)` naming the reason from the result's warnings. It never prints `NaN`,
 * `Infinity` or `undefined`.
 */
import type { ResultWarning } from '../core/result-warning.js';
import { warningFor } from '../core/warning-for.js';

/** How to show a figure. */
export interface FigureFormat {
  /** `'percent'`: a proportion shown as `12.3%`; `'number'` (default) as it is. */
  kind?: 'number' | 'percent';
  /** Digits after the point (default 1 for percentages, 2 for numbers). */
  digits?: number;
  /** Show a `+` on positive numbers (for changes). */
  signed?: boolean;
}

/** Short reasons, by warning code, shown as `n/a (reason)`. */
const REASONS: Readonly<Record<string, string>> = {
  no_events: 'no events',
  no_non_events: 'everyone had the outcome',
  zero_denominator: 'nothing to divide by',
  insufficient_data: 'too few data',
  not_converged: 'did not converge',
  not_probabilities: 'scores are not probabilities',
  empty_cohort: 'nobody selected',
  group_too_small: 'group too small',
};

/**
 * A figure for the terminal. A number (or an interval `[lo, hi]`, shown as `lo to hi`) is
 * formatted as asked; `null`, `undefined` or a non-finite number becomes `n/a (reason)`, the
 * reason taken from the warning that explains `path` in `warnings` (see `warningFor`), or
 * plain `n/a` when none does.
 *
 * @param value - The figure, an interval, or null.
 * @param warnings - The result's warnings.
 * @param path - The figure's path in the result, e.g. `['atTop', 2, 'sensitivity']`.
 * @param format - See {@link FigureFormat}.
 * @returns Text, e.g. `'0.812'`, `'45.0%'`, `'0.771 to 0.853'` or `'n/a (no events)'`.
 * @example
 * formatFigure(0.4512, [], ['ppv'], { kind: 'percent' }); // => '45.1%'
 * formatFigure(null, [{ code: 'no_events', message: '...' }], ['auroc']); // => 'n/a (no events)'
 */
export function formatFigure(
  value: number | readonly [number, number] | null | undefined,
  warnings: readonly ResultWarning[],
  path: ReadonlyArray<string | number>,
  format: FigureFormat = {},
): string {
  const percent = format.kind === 'percent';
  const digits = format.digits ?? (percent ? 1 : 2);
  const one = (x: number): string => {
    // (A proportion so large that 100x overflows is shown as it is.)
    const text = percent ? (Number.isFinite(100 * x) ? `${(100 * x).toFixed(digits)}%` : `${x.toExponential(2)} (proportion)`) : x.toFixed(digits);
    return format.signed && x > 0 ? `+${text}` : text;
  };
  if (typeof value === 'number' && Number.isFinite(value)) return one(value);
  if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && Number.isFinite(value[1])) return `${one(value[0]!)} to ${one(value[1]!)}`;
  const reason = figureGap(warnings, path);
  return reason === undefined ? 'n/a' : `n/a (${reason})`;
}

/**
 * Why the figure at `path` is missing, in a few words (the `reason` of {@link formatFigure}'s
 * `n/a (reason)`), from the warning that explains it; undefined when none does. For outputs
 * that name a gap themselves (the report's `missing`).
 *
 * @example
 * figureGap([{ code: 'zero_denominator', message: '...', path: ['points'] }], ['points', 3]); // => 'nothing to divide by'
 */
export function figureGap(warnings: readonly ResultWarning[], path: ReadonlyArray<string | number>): string | undefined {
  const w = warningFor(warnings, path);
  return w === undefined ? undefined : (REASONS[w.code] ?? w.code.replace(/_/g, ' '));
}
