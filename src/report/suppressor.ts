// Internal: turns ReportOptions into the one function every rendered count goes through.
import { fail } from '../core/errors.js';
import { applySuppression } from './apply-suppression.js';
import type { SuppressFunction } from './report-options.js';

/** A suppressor that checks what a custom function returns. */
export function makeSuppressor(fn: string, rule: { threshold: number; roundTo: number; suppressZero: boolean }, custom: SuppressFunction | undefined): SuppressFunction {
  if (custom === undefined) return (count) => applySuppression(count, rule);
  return (count) => {
    const out = custom(count);
    if (out !== null && (typeof out !== 'number' || !Number.isFinite(out))) {
      fail({ fn, code: 'invalid_options', path: ['options', 'suppress'], value: out, message: `suppress(${count}) must return a finite number or null` });
    }
    return out;
  };
}

/** Sentence describing the rule, for the report's disclosure note. */
export function describeSuppression(rule: { threshold: number; roundTo: number; suppressZero: boolean }, custom: boolean): string {
  if (custom) return 'Counts have been through the suppression rule configured for this report; * marks a suppressed count.';
  if (rule.threshold === 0 && rule.roundTo === 1 && !rule.suppressZero) return 'Counts are shown unsuppressed: this report is not for publication.';
  const parts = [];
  if (rule.threshold > 0) parts.push(`counts from 1 to ${rule.threshold} are shown as *`);
  if (rule.roundTo > 1) parts.push(`other counts are rounded to the nearest ${rule.roundTo}`);
  if (rule.suppressZero) parts.push('zeros are shown as * too');
  return `Small-number suppression: ${parts.join('; ')}; where counts add up to a total, further counts are shown as * so that none can be worked out by subtraction. Rates and percentages are calculated from the published (rounded) counts and are not shown where a count is suppressed.`;
}
