import { addMonths, formatDay } from '../core/dates.js';
import { defineCommand } from './define-command.js';
import { UsageError } from './errors.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { requireAsOf } from './model-file.js';
import { openOutput } from './output.js';
import { MODEL_FEATURES } from '../model/index.js';
import { fitAt, type OutcomeName } from './pipeline.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';
import { warningLines } from './warning-lines.js';
import { EXIT_UNSUPPORTED } from './exit-codes.js';

const DIALECTS = ['duckdb', 'postgres', 'spark', 'tsql'] as const;

export const fitCommand = defineCommand({
  name: 'fit',
  summary: 'fit the risk model on the latest complete year before --as-of and save it (JSON + SQL)',
  usage: '--patients FILE [--activity FILE] [--conditions FILE] --as-of DATE [--outcome emergency|avoidable] [--features a,b,...] [--l2 X] [--sql DIALECT] --out DIR [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...WINDOW_OPTION,
    outcome: { type: 'string', arg: 'NAME', help: 'emergency (any emergency admission, default) or avoidable (ACSC emergency admission)' },
    features: { type: 'string', arg: 'LIST', help: `comma-separated features (default: ${MODEL_FEATURES.join(',')})` },
    l2: { type: 'string', arg: 'X', help: 'ridge penalty on standardised coefficients (default 1, or the config; 0 = plain maximum likelihood, as R glm)' },
    sql: { type: 'string', arg: 'DIALECT', help: `also write the model as SQL: ${DIALECTS.join(', ')} (default duckdb)` },
  },
  examples: ['risk-stratify fit --config site.json --as-of 2024-04-01 --out model'],
  description:
    'Features stand at --as-of minus the horizon (12 months by default) and the outcome is the horizon up to\n' +
    '--as-of, so the model learns from the latest complete year without looking past --as-of. Features that\n' +
    'are absent or constant are dropped and listed. A light ridge (l2 = 1 on standardised coefficients,\n' +
    'negligible against thousands of people) keeps a rare feature with no events from stopping the fit. Writes model.json (load it with --model in score,\n' +
    'cohort, evaluate) and model.sql (scores a table of the same features inside a database), with\n' +
    'coefficients.csv, under internal/ (model files are for the analyst).\n' +

    'A model with fewer than 10 events (of the rarer outcome) per feature (Peduzzi et al. 1996), or one\n' +
    'that did not converge, is written with its warning saved in model.json, but is not one to select\n' +
    'people with: the warning is printed beside the summary and the command exits 4.\n' +
    'Exit codes: 0 done; 4 the model is unreliable (too few events per parameter, or not converged);\n' +
    '1 an error (e.g. no events at all); 2 a usage mistake.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const outcomeFlag = ctx.string('outcome');
    const outcome: OutcomeName = outcomeFlag === undefined ? ctx.config.outcome : outcomeFlag === 'emergency' ? 'emergencyAdmission' : outcomeFlag === 'avoidable' ? 'avoidableAdmission' : (() => { throw new UsageError(`--outcome must be emergency or avoidable; got ${JSON.stringify(outcomeFlag)}`); })();
    const dialect = ctx.string('sql') ?? 'duckdb';
    if (!(DIALECTS as readonly string[]).includes(dialect)) throw new UsageError(`--sql must be one of ${DIALECTS.join(', ')}; got ${JSON.stringify(dialect)}`);
    const featureNames = ctx.string('features')?.split(',').map((s) => s.trim()).filter(Boolean);
    const l2 = ctx.number('l2', ctx.config.l2);
    const input = await loadInput(ctx);
    const horizonMonths = ctx.config.horizonMonths;
    const fitAsOf = addMonths(asOf, -horizonMonths);
    const bar = ctx.progress('fitting');
    const fitted = fitAt(input.population, fitAsOf, outcome, { lookbackMonths: ctx.config.lookbackMonths, horizonMonths, l2, beforeData: beforeDataOf(ctx), onProgress: bar, ...(featureNames ? { featureNames } : {}) });
    bar.end();
    logWindowWarnings(ctx, fitted.features.warnings, fitted.outcomes.warnings);
    const m = fitted.model;
    const coefficients = ['intercept', ...m.featureNames].map((k) => ({
      term: k, coefficient: m.coefficients[k]!, se: m.standardErrors[k]!, p: m.pValues[k]!, oddsRatio: m.oddsRatios[k]!.oddsRatio, lower: m.oddsRatios[k]!.lower, upper: m.oddsRatios[k]!.upper,
    }));
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(input.population);
      out.internal.json('model.json', m.toJSON(), `model: features at ${formatDay(fitAsOf)} -> ${outcome} to ${formatDay(asOf)}`);
      out.internal.text('model.sql', `${m.toSQL({ dialect: dialect as (typeof DIALECTS)[number], table: 'features', idColumn: 'id', cohort: { topPercent: 2, per: 'practice', practiceColumn: 'practice' } })}\n`,
        `the model as ${dialect} SQL: top 2% per practice from a table 'features' (id, practice, one column per feature)`);
      out.internal.csv('coefficients.csv', coefficients, 'coefficients, standard errors, p-values, odds ratios with 95% CI');
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    const summary = { fitAsOf: formatDay(fitAsOf), outcomeTo: formatDay(asOf), window: windowProvenance(input.population.window), outcome, rows: m.training.rows, events: m.training.events, converged: m.converged, iterations: m.iterations, deviance: m.deviance, nullDeviance: m.nullDeviance, aic: m.aic, dropped: fitted.dropped, coefficients, warnings: m.warnings };
    const unreliable = m.warnings.some((w) => w.code === 'few_events_per_parameter' || w.code === 'not_converged');
    if (ctx.common.json) {
      ctx.printJSON(summary);
      for (const line of warningLines(m.warnings)) ctx.log(line);
    } else {
      const few = m.warnings.some((w) => w.code === 'few_events_per_parameter');
      const state = m.converged ? (few ? 'converged, but on too few events to trust (see the warning)' : 'converged') : 'NOT converged';
      const lines = [`fitted ${outcome} on ${m.training.rows} people (${m.training.events} events): features at ${formatDay(fitAsOf)}, outcome to ${formatDay(asOf)}; ${m.iterations} iterations, ${state}`,
        ...warningLines(m.warnings), '',
        'term                        odds ratio   95% CI               p'];
      for (const c of coefficients.slice(1)) lines.push(`${c.term.padEnd(26)} ${c.oddsRatio.toFixed(3).padStart(10)}   ${c.lower.toFixed(3)}-${c.upper.toFixed(3)}`.padEnd(62) + ` ${c.p < 1e-4 ? '<0.0001' : c.p.toFixed(4)}`);
      for (const d of fitted.dropped) lines.push(`dropped ${d.name}: ${d.reason}`);
      ctx.print(lines.join('\n'));
    }
    return unreliable ? EXIT_UNSUPPORTED : 0;
  },
});
