import { formatDay } from '../core/dates.js';
import { defineCommand } from './define-command.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { MODEL_OPTION, notOptedOut, readModel, requireAsOf } from './model-file.js';
import { openOutput } from './output.js';
import { scoreAt } from './pipeline.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';

export const scoreCommand = defineCommand({
  name: 'score',
  summary: 'score everyone registered at --as-of with a saved model',
  usage: '--patients FILE [--activity FILE] [--conditions FILE] --model FILE --as-of DATE --out DIR [--json]',
  options: { ...INPUT_OPTIONS, ...MODEL_OPTION, ...WINDOW_OPTION },
  examples: ['risk-stratify score --config site.json --model model/model.json --as-of 2024-05-01 --out scores'],
  description:
    'Rebuilds the model\'s features as they stood at --as-of and writes scores.csv (id, practice, score: the\n' +
    'predicted probability of the model\'s outcome in the next 12 months) under internal/: person-level, not\n' +
    'for publication. People who opted out are left out.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const model = readModel(ctx);
    const input = await loadInput(ctx);
    const pop = input.population;
    const bar = ctx.progress('scoring');
    const { features, scores } = scoreAt(pop, model, asOf, { lookbackMonths: ctx.config.lookbackMonths, beforeData: beforeDataOf(ctx), onProgress: bar });
    bar.end();
    logWindowWarnings(ctx, features.warnings);
    const keep = notOptedOut(pop.columns.optedOut, features.rows);
    let mean = 0;
    for (const r of keep) mean += scores[r]!;
    mean /= Math.max(1, keep.length);
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(input.population);
      out.internal.csv('scores.csv', keep.map((r) => ({ id: features.rowIds[r], practice: pop.practices[pop.columns.practice[features.rows[r]!]!], score: scores[r] })),
        `scores as of ${formatDay(asOf)} (opted-out people left out)`, ['id', 'practice', 'score']);
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    const summary = { asOf: formatDay(asOf), window: windowProvenance(pop.window), scored: keep.length, optedOutLeftOut: features.n - keep.length, meanScore: mean };
    if (ctx.common.json) ctx.printJSON(summary);
    else ctx.print(`scored ${keep.length} people registered on ${formatDay(asOf)} (${features.n - keep.length} opted out, left out); mean predicted risk ${mean.toFixed(4)}`);
    return 0;
  },
});
