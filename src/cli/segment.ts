import { readFileSync } from 'node:fs';
import { addMonths, formatDay } from '../core/dates.js';
import { segmentReportData } from './report-data.js';
import { writeReportInput } from './report-input-file.js';
import { buildOutcomes, buildFeatures } from '../features/index.js';
import { ageByConditions, bridgesToHealth, frailtyCategories, rules, segment, summariseSegments, type SegmentationModel } from '../segment/index.js';
import { defineCommand } from './define-command.js';
import { CliError } from './errors.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { notOptedOut, requireAsOf } from './model-file.js';
import { openOutput } from './output.js';
import { SEGMENT_SUMMARY_COLUMNS, segmentSummaryTable } from './segment-summary-table.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';

const BUILT_IN: Record<string, () => SegmentationModel> = {
  bridges: () => bridgesToHealth(),
  'age-conditions': () => ageByConditions(),
  frailty: () => frailtyCategories(),
};

export const segmentCommand = defineCommand({
  name: 'segment',
  summary: 'segment the registered population at --as-of (Bridges to Health, age x conditions, frailty, or your rules)',
  usage: '--patients FILE [--activity FILE] [--conditions FILE] --as-of DATE [--scheme bridges|age-conditions|frailty|RULES.json] [--outcomes] [--out DIR] [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...WINDOW_OPTION,
    scheme: { type: 'string', arg: 'NAME|FILE', help: 'bridges (default), age-conditions, frailty, or a JSON rules file (see RulesConfig)' },
    outcomes: { type: 'boolean', help: 'add the following year\'s emergency admissions and bed days per segment (needs data after --as-of)' },
  },
  examples: ['risk-stratify segment --config site.json --as-of 2024-04-01 --scheme bridges --out segments'],
  description:
    'Every registered person is in exactly one segment; overlapping rules are resolved by their declared\n' +
    'order (highest need first for Bridges to Health). Prints people per segment; with --out writes\n' +
    'internal/segments.csv (id, practice, segment; opted-out people left out) and\n' +
    'internal/segment-summary.json (exact counts), and publish/segment-summary.csv (segment x practice\n' +
    'with totals; counts suppressed with secondary suppression, shares and rates from the published\n' +
    'counts). Files under internal/ are not for publication.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const schemeName = ctx.string('scheme') ?? 'bridges';
    let model: SegmentationModel;
    if (BUILT_IN[schemeName]) model = BUILT_IN[schemeName]();
    else {
      const path = ctx.path(schemeName);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new CliError(`--scheme ${schemeName}: not a built-in scheme (${Object.keys(BUILT_IN).join(', ')}) and not a readable JSON rules file: ${(e as Error).message}`);
      }
      try {
        model = rules(json as Parameters<typeof rules>[0]);
      } catch (e) {
        throw new CliError(`${path}: ${(e as Error).message}`);
      }
    }
    const input = await loadInput(ctx);
    const pop = input.population;
    const beforeData = beforeDataOf(ctx);
    const features = buildFeatures(pop, { asOf, lookbackMonths: ctx.config.lookbackMonths, beforeData });
    const seg = segment(pop, model, { asOf, features });
    const outcomes = ctx.values['outcomes'] ? buildOutcomes(pop, { asOf, horizonMonths: ctx.config.horizonMonths, rows: seg.rows, beforeData }) : undefined;
    logWindowWarnings(ctx, features.warnings, outcomes?.warnings);
    const window = windowProvenance(pop.window);
    const summary = summariseSegments(seg, pop, outcomes);
    const rule = ctx.config.suppression;
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(input.population);
      const names = new Map(seg.segments.map((s) => [s.code, s.name]));
      const keep = notOptedOut(pop.columns.optedOut, seg.rows);
      out.internal.csv('segments.csv', keep.map((r) => ({ id: seg.rowIds[r], practice: pop.practices[pop.columns.practice[seg.rows[r]!]!], segment: seg.labels[r], segmentName: names.get(seg.labels[r]!) })),
        `segment of each registered person on ${formatDay(asOf)} (opted-out people left out)`, ['id', 'practice', 'segment', 'segmentName']);
      out.internal.json('segment-summary.json', { model: seg.model, asOf: formatDay(asOf), window, ruleHits: seg.ruleHits, rows: summary.rows, warnings: [...features.warnings, ...(outcomes?.warnings ?? [])] }, 'segment summary with exact counts and shares (JSON)');
      out.publish.table('segment-summary.csv', segmentSummaryTable(summary.rows, rule), 'segment x practice with totals: people, share, admissions, bed days, rates per 1,000 (suppressed)', SEGMENT_SUMMARY_COLUMNS);
      writeReportInput(ctx, out, 'segment', segmentReportData(summary.rows, seg.model, asOf, outcomes !== undefined ? addMonths(asOf, ctx.config.horizonMonths) : undefined), formatDay(asOf));
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    const popRows = summary.rows.filter((r) => r.level === 'population');
    if (ctx.common.json) {
      ctx.printJSON({ model: seg.model, asOf: formatDay(asOf), window, segments: popRows, ruleHits: seg.ruleHits });
    } else {
      const lines = [`${seg.model} on ${formatDay(asOf)}: ${seg.rows.length} people`, '', `segment                                          people   share${outcomes ? '  adm/1000' : ''}`];
      for (const r of popRows) lines.push(`${String(r.segment).padStart(2)} ${r.segmentName.padEnd(44)} ${String(r.people).padStart(7)} ${(100 * r.share).toFixed(1).padStart(6)}%${outcomes ? ` ${(r.emergencyAdmissionsPer1000 ?? 0).toFixed(0).padStart(9)}` : ''}`);
      ctx.print(lines.join('\n'));
    }
    return 0;
  },
});
