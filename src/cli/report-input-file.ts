/**
 * The one call every command that produces results makes with them, so that
 * `risk-stratify report DIR` can build the HTML report from the folder: the command's report
 * sections, published (every count through the config's small-number suppression with
 * secondary suppression, rates from the published counts), written as
 * `publish/report-input-<command>.json`. With suppression turned off in the config it goes to
 * `internal/` instead, not for publication.
 */
import { publishReportDocument } from '../report/published-report-input.js';
import type { CommandContext } from './define-command.js';
import type { OutputDir } from './output.js';
import { provenanceLines } from './provenance.js';
import type { ReportData } from './report-data.js';

/** The file name a command's report input is written under. */
export function reportInputName(command: string): string {
  return `report-input-${command}.json`;
}

/**
 * Writes the report input of `command` into `out`. `data` holds exact counts (the shapes of
 * `ReportInput`); only its published form is written. The run's provenance lines are added.
 *
 * @returns the path written.
 */
export function writeReportInput(ctx: CommandContext, out: OutputDir, command: string, data: ReportData, asOf?: string): string {
  const rule = { threshold: ctx.config.suppression.threshold, roundTo: ctx.config.suppression.roundTo, suppressZero: false };
  const doc = publishReportDocument(command, { ...data, provenance: [...(data.provenance ?? []), ...provenanceLines(out.provenance)] }, rule, asOf);
  const name = reportInputName(command);
  const what = `the report's sections from this run (counts suppressed): build the HTML with risk-stratify report ${out.dir}`;
  if (rule.threshold === 0 && rule.roundTo === 1) return out.internal.json(name, doc, `${what} (suppression is off: NOT for publication)`);
  return out.publish.reportInput(name, doc, what);
}
