import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRiskStratifyError } from '../core/errors.js';
import { renderReport, ReportInput, type ParsedReportInput } from '../report/index.js';
import { renderPublishedReport } from '../report/render-report.js';
import { isPublishedReportDocument, readPublishedReportDocument, type PublishedRule } from '../report/published-report-input.js';
import { defineCommand, type CommandContext } from './define-command.js';
import { CliError, UsageError } from './errors.js';
import { openOutput } from './output.js';
import { provenanceLines } from './provenance.js';
import { readReportFolders } from './report-folders.js';

/** The top-level keys report data may have: anything else means the file is some other output. */
const REPORT_KEYS = new Set(Object.keys(ReportInput.shape));
const SECTION_KEYS = ['population', 'segments', 'risk', 'roc', 'calibration', 'concentration', 'variants', 'caseloads', 'churn', 'spc', 'intervention', 'tables'];

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'build the HTML report from run folders (what segment, cohort, evaluate, compare and monitor wrote)',
  usage: 'DIR [DIR ...] [--out DIR] [--title TEXT] [--json]   |   --input report-data.json --out DIR',
  options: {
    input: { type: 'string', arg: 'FILE', help: "exact report data as JSON (the report stage's ReportInput, e.g. the demo's internal/report-data.json); suppressed as it is rendered" },
    title: { type: 'string', arg: 'TEXT', help: 'replace the title' },
  },
  examples: [
    'risk-stratify report runs/2025-04 --title "North MDT, April 2025"',
    'risk-stratify report runs/2025-02 runs/2025-03 runs/2025-04 --out board-report',
    'risk-stratify report --input risk-stratify-output/internal/report-data.json --out report',
  ],
  description:
    'Each command that produces results writes its part of the report beside its outputs, published\n' +
    '(counts small-number suppressed with secondary suppression): publish/report-input-<command>.json.\n' +
    'report DIR puts the parts of one run folder together (DIR is an output folder, or a folder of output\n' +
    'folders, one per command) and writes publish/report.html (in --out, default DIR/report for the last DIR): one\n' +
    'self-contained file, inline SVG charts, no network requests, prints on A4. Several folders are\n' +
    'several months: the latest gives each section, all of them the churn at each refresh and, when\n' +
    "more than one has an evaluation, the model's performance over time. Sections that no folder has\n" +
    'are listed at the top with the command that writes them; a folder with no report input is an error.\n' +
    "--input FILE renders exact report data instead (the demo's internal/report-data.json, or your own),\n" +
    "suppressing every count with the config's rule as it renders; a file of some other output\n" +
    '(evaluation.json, variant-comparison.json) is refused with what to run instead.',
  async run(ctx) {
    const inputPath = ctx.string('input');
    const dirs = ctx.positionals.map((d) => ctx.path(d));
    if (inputPath !== undefined && dirs.length > 0) throw new UsageError('give run folders (report DIR ...) or --input FILE, not both');
    if (inputPath === undefined && dirs.length === 0) throw new UsageError('give the run folder(s) to report on: risk-stratify report DIR [DIR ...] (or --input FILE with report data)');
    if (inputPath !== undefined) return fromFile(ctx, inputPath);
    const { input, rule, files } = readReportFolders(dirs, ctx.io.cwd);
    const title = ctx.string('title');
    if (title !== undefined) input.title = title;
    // Default: a folder of its own inside the last run folder (so the run's own provenance stays as it is).
    const out = openOutput(ctx, ctx.common.out ?? join(dirs[dirs.length - 1]!, 'report'));
    const source = input.provenance ?? [];
    out.inputProvenance(source);
    input.provenance = [...source, rendered(out)];
    write(ctx, out, renderPublishedReport(input, rule), rule);
    const present = SECTION_KEYS.filter((k) => input[k as keyof ParsedReportInput] !== undefined).length;
    if (ctx.common.json) ctx.printJSON({ files: out.written.map((f) => f.path), read: files, missing: input.missing ?? [] });
    else {
      ctx.log(`report from ${files.length} report input file(s) in ${dirs.length} folder(s): ${present} part(s)${input.missing?.length ? `; not in it: ${input.missing.map((m) => m.section).join(', ')}` : ''}`);
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    return 0;
  },
});

/** The provenance line of this rendering. */
function rendered(out: ReturnType<typeof openOutput>): string {
  return `Rendered: ${provenanceLines(out.provenance)[0]!.replace(/^Produced /, 'produced ')}`;
}

/** Writes the HTML to publish/, or to internal/ when the counts were not suppressed. */
function write(ctx: CommandContext, out: ReturnType<typeof openOutput>, html: string, rule: PublishedRule): void {
  if (rule.threshold === 0 && rule.roundTo === 1) {
    out.internal.text('report.html', html, 'the HTML report with unsuppressed counts: NOT for publication (suppression is off in the config)');
    ctx.log('suppression is off (threshold 0, roundTo 1): report.html written under internal/, not for publication');
  } else out.publish.html('report.html', html, 'the HTML report (self-contained, works offline; counts suppressed)');
}

/** `report --input FILE`: exact report data (or one published report input file). */
function fromFile(ctx: CommandContext, inputPath: string): number {
  if (!ctx.common.out) throw new UsageError('give --out DIR');
  const path = ctx.path(inputPath);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`cannot read report data ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new CliError(`${path}: report data must be a JSON object`);
  const title = ctx.string('title');
  const out = openOutput(ctx, ctx.common.out);
  if (isPublishedReportDocument(data)) {
    let read: ReturnType<typeof readPublishedReportDocument>;
    try {
      read = readPublishedReportDocument('report', data);
    } catch (e) {
      if (isRiskStratifyError(e)) throw new CliError(`${path}: ${e.message}`);
      throw e;
    }
    if (title !== undefined) read.input.title = title;
    const source = read.input.provenance ?? [];
    out.inputProvenance(source);
    read.input.provenance = [...source, rendered(out)];
    write(ctx, out, renderPublishedReport(read.input, read.rule), read.rule);
  } else {
    // Some other command's output (evaluation.json, variant-comparison.json) is not report data: say what to run instead.
    const foreign = Object.keys(data).filter((k) => !REPORT_KEYS.has(k));
    if (foreign.length > 0) {
      throw new CliError(`${path} is not report data (it has ${foreign.slice(0, 4).map((k) => `'${k}'`).join(', ')}${foreign.length > 4 ? ', ...' : ''}, which report data never has): ` +
        'build the report from the folder the command wrote, with risk-stratify report DIR');
    }
    if (!SECTION_KEYS.some((k) => data[k] !== undefined)) {
      throw new CliError(`${path} has none of the report's sections (${SECTION_KEYS.join(', ')}): the report would be empty`);
    }
    if (title !== undefined) data['title'] = title;
    const source = Array.isArray(data['provenance']) ? (data['provenance'] as unknown[]).map(String) : [];
    out.inputProvenance(source);
    data['provenance'] = [...source, rendered(out)];
    const rule = { threshold: ctx.config.suppression.threshold, roundTo: ctx.config.suppression.roundTo, suppressZero: false };
    let html: string;
    try {
      html = renderReport(data as Parameters<typeof renderReport>[0], { suppression: rule });
    } catch (e) {
      if (isRiskStratifyError(e)) throw new CliError(`${path}: ${e.message}`);
      throw e;
    }
    write(ctx, out, html, rule);
  }
  if (ctx.common.json) ctx.printJSON({ files: out.written.map((f) => f.path) });
  else for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
  return 0;
}
