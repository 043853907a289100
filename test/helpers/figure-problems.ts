import type { ResultWarning } from '../../src/core/result-warning.js';
import { warningFor } from '../../src/core/warning-for.js';

/** A figure's path in a result. */
export type FigurePath = ReadonlyArray<string | number>;

/**
 * Walks a result and lists every figure that would print as a number but is not one: NaN,
 * ±Infinity or `undefined` anywhere (plain objects, arrays and typed arrays), and `null`
 * without a warning whose path is a prefix of the figure's path (`warningFor`). `allowNull`
 * names nulls that are documented as "not asked for" (e.g. shares without `admissions`).
 * The `warnings` list itself is not walked. Returns `['path: problem', ...]`, empty when clean.
 */
export function figureProblems(result: unknown, warnings: readonly ResultWarning[], allowNull: (path: FigurePath) => boolean = () => false, skip: (path: FigurePath) => boolean = () => false): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (skip(path)) return;
    const where = path.join('.');
    if (v === undefined) problems.push(`${where}: undefined`);
    else if (v === null) {
      if (!allowNull(path) && warningFor(warnings, path) === undefined) problems.push(`${where}: null without a warning`);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) problems.push(`${where}: ${v}`);
    } else if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) if (typeof a[i] === 'number' && !Number.isFinite(a[i]!)) problems.push(`${where}.${i}: ${a[i]}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (path.length === 0 && k === 'warnings') continue;
        if (typeof x === 'function') continue;
        walk(x, [...path, k]);
      }
    }
  };
  walk(result, []);
  return problems;
}
