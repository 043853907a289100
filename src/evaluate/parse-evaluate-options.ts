import { arrayLike, checkOptions, issue, num, record, array } from '../core/check-options.js';
import type { EvaluateOptions, ParsedEvaluateOptions } from './evaluate-options.js';
import type { OutcomeWindowSource } from './evaluate-scores.js';

const KEYS = ['topPercents', 'groups', 'admissions', 'bedDays', 'calibrationBins', 'outcomeWindow'];
type Path = (string | number)[];

function outcomeWindow(v: unknown, path: Path): OutcomeWindowSource {
  const ok = typeof v === 'object' && v !== null && Array.isArray((v as OutcomeWindowSource).window) && typeof (v as OutcomeWindowSource).dataWindow === 'object';
  return ok ? (v as OutcomeWindowSource) : issue(path, 'expected the Outcomes of buildOutcomes (an object with window and dataWindow)');
}

/**
 * {@link EvaluateOptions} checked without zod (the same fields, defaults, paths and messages:
 * a test compares them), so a bundle with `evaluateScores` does not carry zod.
 */
export function parseEvaluateOptions(fn: string, input: EvaluateOptions): ParsedEvaluateOptions {
  return checkOptions(fn, input, KEYS, (o): ParsedEvaluateOptions => {
    const opt = <T>(key: string, f: (v: unknown, path: Path) => T): T | undefined => (o[key] === undefined ? undefined : f(o[key], [key]));
    const out = {
      topPercents: opt('topPercents', (v, p) => array(v, p, (x, q) => num(x, q, { gt: 0, lte: 100 }))) ?? [0.5, 1, 2, 5, 10, 20],
      groups: opt('groups', (v, p) => record(v, p, (x, q) => arrayLike<string | number>(x, q, 'expected an array of subgroup labels, one per row'))),
      admissions: opt('admissions', (v, p) => arrayLike<number>(v, p, 'expected an array of admission counts, one per row')),
      bedDays: opt('bedDays', (v, p) => arrayLike<number>(v, p, 'expected an array of bed days, one per row')),
      calibrationBins: opt('calibrationBins', (v, p) => num(v, p, { int: true, gte: 1, lte: 1000 })) ?? 10,
      outcomeWindow: opt('outcomeWindow', outcomeWindow),
    };
    for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined && !(k in o)) delete (out as Record<string, unknown>)[k];
    return out;
  });
}
