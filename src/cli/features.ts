import { formatDay } from '../core/dates.js';
import { buildFeatures } from '../features/index.js';
import { defineCommand } from './define-command.js';
import { featureSummaryRows } from './feature-summary-rows.js';
import { FEATURE_SUMMARY_COLUMNS, featureSummaryTable } from './feature-summary-table.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { notOptedOut, requireAsOf } from './model-file.js';
import { openOutput } from './output.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';

export const featuresCommand = defineCommand({
  name: 'features',
  summary: 'build features as they stood at --as-of (one row per registered person)',
  usage: '--patients FILE [--activity FILE] [--conditions FILE] --as-of DATE [--lookback MONTHS] [--out DIR] [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...WINDOW_OPTION,
    lookback: { type: 'string', arg: 'MONTHS', help: 'lookback window for activity features (default 12, or the config)' },
  },
  examples: ['risk-stratify features --patients patients.csv --activity activity.csv --conditions conditions.csv --as-of 2024-04-01 --out features'],
  description:
    'Features use only what was recorded on or before --as-of: age and bands, sex, deprivation, care home,\n' +
    'each long-term condition and their count, an electronic frailty index, and activity in the lookback\n' +
    'window. With --out: internal/features.csv (one row per registered person; people who opted out are\n' +
    'left out) and internal/features-summary.json (exact), and publish/features-summary.csv (mean, SD\n' +
    'and people with a non-zero value; counts suppressed, means of flags from the published counts).\n' +
    'Files under internal/ are not for publication; each folder has provenance.json and README.txt.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const input = await loadInput(ctx);
    const lookbackMonths = ctx.number('lookback', ctx.config.lookbackMonths);
    const bar = ctx.progress('features');
    const features = buildFeatures(input.population, { asOf, lookbackMonths, beforeData: beforeDataOf(ctx), onProgress: bar });
    bar.end();
    logWindowWarnings(ctx, features.warnings);
    const window = windowProvenance(input.population.window);
    const summary = featureSummaryRows(features);
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(input.population);
      const keep = notOptedOut(input.population.columns.optedOut, features.rows);
      const rows = keep.map((r) => {
        const row: Record<string, unknown> = { id: features.rowIds[r], practice: input.population.practices[input.population.columns.practice[features.rows[r]!]!] };
        features.names.forEach((name, j) => { row[name] = features.columns[j]![r]; });
        return row;
      });
      out.internal.csv('features.csv', rows, `features as of ${formatDay(asOf)}, one row per registered person (opted-out people left out)`, ['id', 'practice', ...features.names]);
      out.internal.json('features-summary.json', { asOf: formatDay(asOf), lookbackMonths, window, rows: features.n, features: summary, warnings: features.warnings }, 'features summary with exact counts (JSON)');
      out.publish.table('features-summary.csv', featureSummaryTable(summary, ctx.config.suppression), 'features summary: people, people with a non-zero value, mean, SD (suppressed)', FEATURE_SUMMARY_COLUMNS);
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    if (ctx.common.json) {
      ctx.printJSON({ asOf: formatDay(asOf), lookbackMonths, window, rows: features.n, features: summary, warnings: features.warnings });
    } else {
      const lines = [`${features.n} people registered on ${formatDay(asOf)}; ${features.names.length} features (lookback ${lookbackMonths} months)`, '', 'feature                     mean        sd   non-zero'];
      for (const s of summary) lines.push(`${s.feature.padEnd(24)} ${s.mean.toFixed(3).padStart(8)} ${s.sd.toFixed(3).padStart(9)} ${String(s.nonZero).padStart(10)}`);
      for (const w of features.warnings) if (!w.code.startsWith('window_')) lines.push(`note: ${w.message}`);
      ctx.print(lines.join('\n'));
    }
    return 0;
  },
});
