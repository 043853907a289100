// Internal: the report input in its published form, as a file (JSON). Every count has been
// through small-number suppression (with secondary suppression) before it is written, so the
// file may sit in publish/ and the report can be rendered from it again without the exact
// counts. A suppressed count is `null` in the file.
import { fail } from '../core/errors.js';
import { parseReportInput } from './build-report-charts.js';
import { publishReportInput } from './publish-report-input.js';
import type { ParsedReportInput, ReportInput } from './report-input.js';

/** The `format` marker of a published report input file. */
export const PUBLISHED_REPORT_FORMAT = 'risk-stratify published report input';

/** The small-number suppression rule a published input went through. */
export interface PublishedRule {
  threshold: number;
  roundTo: number;
  suppressZero: boolean;
}

/** A published report input as written to a file. */
export interface PublishedReportDocument {
  format: typeof PUBLISHED_REPORT_FORMAT;
  version: 1;
  /** The command that wrote it (e.g. `'cohort'`). */
  command: string;
  /** Its as-of date (`yyyy-mm-dd`), when it has one. */
  asOf?: string;
  suppression: PublishedRule;
  /** The report input with every count published (a suppressed count is `null`) and every other number to 3 decimal places. */
  input: Record<string, unknown>;
}

/** Keys whose values are counts (or, for `observed`, a rate from counts): `null` in a published file means suppressed. */
const COUNT_KEYS = new Set(['people', 'adults', 'optedOut', 'emergencyAdmissions', 'bedDays', 'n', 'events', 'observed', 'selected', 'capacity', 'entered', 'left', 'stayed', 'treated', 'controls', 'denominator']);

/**
 * Deep copy with NaN as null (JSON has no NaN) and every number to at most 3 decimal places,
 * as published tables are: a rate or a point of the ROC curve with full precision could give
 * back the exact count it was computed from.
 */
function nanToNull(v: unknown): unknown {
  if (typeof v === 'number') return Number.isNaN(v) ? null : Number.isInteger(v) ? v : Math.round(v * 1000) / 1000;
  if (Array.isArray(v)) return v.map(nanToNull);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nanToNull(x)]));
  return v;
}

/**
 * The published form of an exact report input, ready to be written as JSON: counts
 * suppressed by `rule` with secondary suppression along the report's lines (as
 * `renderReport` does), rates computed from the published counts, suppressed counts `null`.
 */
export function publishReportDocument(command: string, exact: ReportInput, rule: PublishedRule, asOf?: string): PublishedReportDocument {
  const parsed = parseReportInput('publishReportDocument', exact);
  const { input } = publishReportInput(parsed, rule, undefined);
  return {
    format: PUBLISHED_REPORT_FORMAT, version: 1, command, ...(asOf !== undefined ? { asOf } : {}),
    suppression: { ...rule }, input: nanToNull(input) as Record<string, unknown>,
  };
}

/** True when `value` looks like a published report input file (its format marker). */
export function isPublishedReportDocument(value: unknown): value is PublishedReportDocument {
  return value !== null && typeof value === 'object' && (value as { format?: unknown }).format === PUBLISHED_REPORT_FORMAT;
}

/**
 * Reads a published report input back: checks the marker and the rule, validates the input
 * (a `null` count stands for a suppressed one) and returns it with suppressed counts as `NaN`,
 * the form `renderPublishedReport` takes.
 *
 * @throws RiskStratifyError `invalid_input` naming the field for a malformed file.
 */
export function readPublishedReportDocument(fn: string, doc: unknown): { input: ParsedReportInput; rule: PublishedRule; command: string; asOf: string | undefined } {
  if (!isPublishedReportDocument(doc)) fail({ fn, code: 'invalid_input', path: ['format'], value: (doc as { format?: unknown } | null)?.format, message: `not a published report input (format must be '${PUBLISHED_REPORT_FORMAT}')` });
  const rule = doc.suppression;
  if (!rule || typeof rule.threshold !== 'number' || typeof rule.roundTo !== 'number') fail({ fn, code: 'invalid_input', path: ['suppression'], value: rule, message: 'the suppression rule the counts went through is missing' });
  const nulls: Array<Array<string | number>> = [];
  const fill = (v: unknown, path: Array<string | number>): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => fill(x, [...path, i]));
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // a table row's cells may be null anyway: they are restored by column below
      if (x === null && COUNT_KEYS.has(k) && path[0] !== 'tables') {
        nulls.push([...path, k]);
        out[k] = 0;
      } else out[k] = fill(x, [...path, k]);
    }
    return out;
  };
  const input = parseReportInput(fn, fill(doc.input, []));
  for (const path of nulls) {
    let at: unknown = input;
    for (const key of path.slice(0, -1)) at = (at as Record<string | number, unknown>)[key];
    (at as Record<string | number, unknown>)[path[path.length - 1]!] = Number.NaN;
  }
  for (const tb of input.tables ?? []) {
    for (const c of tb.columns) if (c.kind === 'count') for (const row of tb.rows) if (row[c.key] === null) row[c.key] = Number.NaN;
  }
  for (const s of input.spc ?? []) if (s.valuesAreCounts) for (const p of s.points) if (p.value === null && p.missing === undefined) p.value = Number.NaN;
  return { input, rule: { threshold: rule.threshold, roundTo: rule.roundTo, suppressZero: Boolean(rule.suppressZero) }, command: String(doc.command ?? ''), asOf: typeof doc.asOf === 'string' ? doc.asOf : undefined };
}
