import { formatDay } from '../core/dates.js';
import { buildMonthlySeries, monitor, MONTHLY_MEASURES, type MonthlyMeasure, type SpcResult } from '../compare/index.js';
import { buildSiteDashboard } from '../compare/build-site-dashboard.js';
import { defineCommand } from './define-command.js';
import { UsageError } from './errors.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { MONTHLY_SERIES_COLUMNS, SPC_COLUMNS, monthlySeriesTables } from './monthly-series-tables.js';
import { openOutput } from './output.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';
import { formatFigure } from './format-figure.js';
import { EXIT_UNSUPPORTED } from './exit-codes.js';
import { dashboardReportData, monitorReportData } from './report-data.js';
import { publishedSiteDashboard } from '../compare/build-site-dashboard.js';
import { writeReportInput } from './report-input-file.js';

export const monitorCommand = defineCommand({
  name: 'monitor',
  summary: 'monthly core metrics per 1,000 registered with SPC charts and special-cause signals',
  usage: '--patients FILE ... --from DATE --to DATE [--per all|practice] [--measures LIST] [--chart xmr|u|p] [--baseline N] --out DIR [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...WINDOW_OPTION,
    from: { type: 'string', arg: 'DATE', help: 'first month (its first day is used)' },
    to: { type: 'string', arg: 'DATE', help: 'last day included' },
    per: { type: 'string', arg: 'UNIT', help: 'all (default) or practice' },
    measures: { type: 'string', arg: 'LIST', help: `comma-separated: ${MONTHLY_MEASURES.join(', ')} (default the first, bedDaysPer1000 and aePer1000)` },
    baseline: { type: 'string', arg: 'N', help: 'freeze the centre line and limits on the first N months' },
    chart: { type: 'string', arg: 'KIND', help: "xmr (default: Making Data Count's chart for rates), u or p (Laney's u'/p' when overdispersed)" },
    'partial-month': { type: 'string', arg: 'WHAT', help: 'a last month the extract does not finish: refuse (default) or provisional (kept, shown, not judged)' },
    target: { type: 'string', arg: 'LIST', help: 'targets per measure for the assurance icon, e.g. bedDaysPer1000=40,aePer1000=30 (lower is better)' },
  },
  examples: ['risk-stratify monitor --config site.json --from 2022-04-01 --to 2024-03-31 --per practice --baseline 12 --out monitoring'],
  description:
    'Builds monthly series (registered people as the denominator) and judges each on an XmR chart, as NHS\n' +
    "'Making Data Count' does for rates (limits from the month-to-month variation: bed days come in clumps,\n" +
    "so a u-chart's Poisson limits are far too narrow; --chart u applies Laney's u' when overdispersed):\n" +
    'a point outside the limits, a shift of 7 on one side of the centre, a trend of 7, two of three beyond\n' +
    'two-thirds of the way to a limit; lower is better. Bed days of a month with admissions not yet\n' +
    'discharged are provisional: drawn, left out of the limits and rules, never flagged. Writes\n' +
    'publish/monthly-series.csv (counts 1-7 suppressed, the rest rounded to 5, with secondary suppression\n' +
    'across practices; rates from the published counts), publish/spc.csv (the charts drawn from those\n' +
    'published counts, a suppressed month left out) and internal/spc.json (the charts from exact counts:\n' +
    'not for publication, its rates give suppressed counts back).\n' +
    'With --per practice it also builds the per-practice dashboard (emergency admissions and bed days per\n' +
    '1,000: XmR chart against the first --baseline months, funnel of the latest complete month across\n' +
    'practices, position over time) from the published counts for the report (the 5 largest practices),\n' +
    'and internal/site-dashboard.json from exact counts.\n' +

    'A month with nobody registered in a unit has no rate: it is left out of the centre line, limits\n' +
    "and rules and warned of; a series with no centre line shows 'n/a (why)'.\n" +
    'Exit codes: 0 done; 4 some series has no centre line (no month with anyone registered in its\n' +
    'baseline); 1 an error; 2 a usage mistake.',
  async run(ctx) {
    const from = ctx.date('from');
    const to = ctx.date('to');
    if (from === undefined || to === undefined) throw new UsageError('give --from DATE and --to DATE');
    const per = ctx.string('per') ?? 'all';
    if (per !== 'all' && per !== 'practice') throw new UsageError(`--per must be all or practice; got ${JSON.stringify(per)}`);
    const measures = (ctx.string('measures')?.split(',').map((s) => s.trim()) ?? ['emergencyAdmissionsPer1000', 'bedDaysPer1000', 'aePer1000']) as MonthlyMeasure[];
    for (const m of measures) if (!(MONTHLY_MEASURES as readonly string[]).includes(m)) throw new UsageError(`--measures: unknown measure ${JSON.stringify(m)} (choose from ${MONTHLY_MEASURES.join(', ')})`);
    const baseline = ctx.number('baseline');
    const chart = ctx.string('chart') ?? 'xmr';
    if (chart !== 'xmr' && chart !== 'u' && chart !== 'p') throw new UsageError(`--chart must be xmr, u or p; got ${JSON.stringify(chart)}`);
    const targets: Record<string, number> = {};
    for (const item of ctx.string('target')?.split(',') ?? []) {
      const [m, v] = item.split('=').map((s) => s.trim());
      const t = Number(v);
      if (!m || !(MONTHLY_MEASURES as readonly string[]).includes(m) || v === undefined || v === '' || !Number.isFinite(t)) throw new UsageError(`--target: expected MEASURE=NUMBER with a measure from ${MONTHLY_MEASURES.join(', ')}; got ${JSON.stringify(item)}`);
      targets[m] = t;
    }
    const input = await loadInput(ctx);
    const beforeData = beforeDataOf(ctx);
    const partial = ctx.string('partial-month') ?? 'refuse';
    if (partial !== 'refuse' && partial !== 'provisional') throw new UsageError(`--partial-month must be refuse or provisional; got ${JSON.stringify(partial)}`);
    const rows = buildMonthlySeries(input.population, { from, to, per, measures, beforeData, partialMonths: partial });
    const window = windowProvenance(input.population.window);
    const results: { unit: string; measure: string; spc: SpcResult }[] = [];
    const keys = [...new Set(rows.map((r) => `${r.unit}\u0000${r.measure}`))];
    for (const key of keys) {
      const [unit, measure] = key.split('\u0000') as [string, string];
      const series = rows.filter((r) => r.unit === unit && r.measure === measure);
      const target = targets[measure];
      results.push({ unit, measure, spc: monitor(series, { chart, multiplier: 1000, improvement: 'down', window: input.population.window, beforeData, ...(target !== undefined ? { target } : {}), ...(baseline !== undefined ? { baselinePoints: baseline } : {}) }) });
    }
    logWindowWarnings(ctx, rows.warnings, ...results.map((r) => r.spc.warnings));
    const rule = { threshold: ctx.config.suppression.threshold, roundTo: ctx.config.suppression.roundTo };
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(input.population);
      out.internal.json('spc.json', { from: formatDay(from), to: formatDay(to), per, window, results }, 'SPC per unit and measure from exact counts: centre, limits, signals (NOT for publication: its rates give suppressed counts back)');
      const tables = monthlySeriesTables(rows, rule, { chart, ...(baseline !== undefined ? { baselinePoints: baseline } : {}) });
      out.publish.table('monthly-series.csv', tables.series, 'monthly core metrics per 1,000 registered (suppressed; rates from the published counts)', MONTHLY_SERIES_COLUMNS);
      out.publish.table('spc.csv', tables.spc, 'SPC charts drawn from the published counts: value, centre, limits and signal per month (a suppressed month left out)', SPC_COLUMNS);
      const report = monitorReportData(tables.spc.rows, from, to, per, results, targets);
      if (per === 'practice') {
        // The seed's dashboard per practice, from published counts (the funnels compare every practice).
        const months = new Set(rows.map((r) => r.month)).size;
        const baselineMonths = baseline ?? Math.min(12, months);
        if (months >= 2 && baselineMonths <= months && input.population.practices.length > 0) {
          const d = publishedSiteDashboard(input.population, { from, to, baselineMonths, targets }, rule);
          out.internal.json('site-dashboard.json', buildSiteDashboard(input.population, { from, to, baselineMonths, targets }), 'per-practice dashboard from exact counts: SPC against the baseline, funnels, positions (NOT for publication)');
          report.dashboard = dashboardReportData(d);
        } else ctx.log(`no site dashboard: it needs at least 2 months and --baseline (${baselineMonths}) no more than the ${months} month(s) given`);
      }
      writeReportInput(ctx, out, 'monitor', report, formatDay(to));
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    // Warnings summed over the series by code: one line each, with a count and examples.
    const byCode = new Map<string, { series: Set<string>; message: string }>();
    for (const r of results) {
      for (const w of r.spc.warnings) {
        const entry = byCode.get(w.code) ?? byCode.set(w.code, { series: new Set(), message: w.message }).get(w.code)!;
        entry.series.add(`${r.unit} ${r.measure}`);
      }
    }
    const warned = [...byCode].map(([code, e]) => {
      const series = [...e.series];
      return `warning [${code}] in ${series.length} of ${results.length} series (${series.slice(0, 3).join(', ')}${series.length > 3 ? ', ...' : ''}): e.g. ${e.message}`;
    });
    const centreOf = (r: (typeof results)[number]): number | null => r.spc.segments[r.spc.segments.length - 1]?.centre ?? null;
    if (ctx.common.json) {
      ctx.printJSON({ from: formatDay(from), to: formatDay(to), per, window, results: results.map((r) => ({ unit: r.unit, measure: r.measure, centre: centreOf(r), variation: r.spc.variation, signals: r.spc.signals, warnings: r.spc.warnings })) });
      for (const line of warned) ctx.log(line);
    } else {
      const lines = [`${results[0]?.spc.points.length ?? 0} months from ${formatDay(from)} to ${formatDay(to)}, ${chart === 'xmr' ? 'XmR' : chart}-charts per 1,000 registered:`];
      for (const r of results) {
        const s = r.spc;
        const provisional = s.points.filter((p) => p.provisional).map((p) => p.label);
        const extra = [
          s.assurance !== null && s.assurance !== 'no_target' ? `assurance ${s.assurance.replace(/_/g, ' ')}` : '',
          s.overdispersionRatio !== null ? `sigma_Z ${s.overdispersionRatio.toFixed(2)}${s.segments[s.segments.length - 1]!.laney ? " (Laney)" : ''}` : '',
          provisional.length > 0 ? `provisional ${provisional.join('/')}` : '',
        ].filter(Boolean).join('; ');
        lines.push(`  ${r.unit.padEnd(10)} ${r.measure.padEnd(28)} centre ${formatFigure(centreOf(r), s.warnings, ['segments', s.segments.length - 1, 'centre'])}  ${s.variation === null ? formatFigure(null, s.warnings, ['variation']) : s.variation.replace(/_/g, ' ')}${s.signals.length ? ` (${s.signals.map((x) => `${x.rule} ${x.side} at ${x.indices.map((i) => s.points[i]?.label).join('/')}`).join('; ')})` : ''}${extra ? `; ${extra}` : ''}`);
      }
      lines.push(...warned);
      ctx.print(lines.join('\n'));
    }
    return results.some((r) => centreOf(r) === null) ? EXIT_UNSUPPORTED : 0;
  },
});
