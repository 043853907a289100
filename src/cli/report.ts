import { readFileSync } from 'node:fs';
import { isRiskStratifyError } from '../core/errors.js';
import { renderReport } from '../report/index.js';
import { defineCommand } from './define-command.js';
import { CliError, UsageError } from './errors.js';
import { openOutput } from './output.js';
import { provenanceLines } from './provenance.js';

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'render the HTML report from report data (JSON written by demo, or your own)',
  usage: '--input report-data.json --out DIR [--title TEXT] [--json]',
  options: {
    input: { type: 'string', arg: 'FILE', help: "report data as JSON (the report stage's ReportInput; 'risk-stratify demo' writes report-data.json)" },
    title: { type: 'string', arg: 'TEXT', help: 'replace the title' },
  },
  examples: ['risk-stratify report --input risk-stratify-output/report-data.json --title "North MDT, April 2024" --out report'],
  description:
    'Writes publish/report.html: one self-contained file (inline SVG charts, no network requests, prints on A4)\n' +
    'with the population, segments, risk distribution, ROC and calibration, concentration, variants,\n' +
    'caseloads, churn, SPC charts and the matched evaluation, whichever the data holds. Every count is\n' +
    "small-number suppressed (the config's suppression rule; default 1-7 hidden, the rest rounded to 5), with\n" +
    'secondary suppression, and rates come from the published counts. The report data itself holds exact\n' +
    "counts: it is not for publication (the demo writes it to internal/). Its 'provenance' lines are printed\n" +
    'in the report and kept in publish/provenance.json. Edit the JSON (add notes or tables) and render again.',
  async run(ctx) {
    const inputPath = ctx.string('input');
    if (inputPath === undefined) throw new UsageError('give --input FILE (report data as JSON)');
    if (!ctx.common.out) throw new UsageError('give --out DIR');
    const path = ctx.path(inputPath);
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new CliError(`cannot read report data ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const title = ctx.string('title');
    if (title !== undefined) data['title'] = title;
    const out = openOutput(ctx, ctx.common.out);
    const source = Array.isArray(data['provenance']) ? (data['provenance'] as unknown[]).map(String) : [];
    out.inputProvenance(source);
    data['provenance'] = [...source, `Rendered: ${provenanceLines(out.provenance)[0]!.replace(/^Produced /, 'produced ')}`];
    let html: string;
    try {
      html = renderReport(data as Parameters<typeof renderReport>[0], { suppression: { threshold: ctx.config.suppression.threshold, roundTo: ctx.config.suppression.roundTo, suppressZero: false } });
    } catch (e) {
      if (isRiskStratifyError(e)) throw new CliError(`${path}: ${e.message}`);
      throw e;
    }
    const { threshold, roundTo } = ctx.config.suppression;
    if (threshold === 0 && roundTo === 1) {
      out.internal.text('report.html', html, 'the HTML report with unsuppressed counts: NOT for publication (suppression is off in the config)');
      ctx.log('suppression is off (threshold 0, roundTo 1): report.html written under internal/, not for publication');
    } else out.publish.html('report.html', html, 'the HTML report (self-contained, works offline; counts suppressed)');
    if (ctx.common.json) ctx.printJSON({ files: out.written.map((f) => f.path) });
    else for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    return 0;
  },
});
