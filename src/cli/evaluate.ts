import { addMonths, formatDay } from '../core/dates.js';
import { buildOutcomes } from '../features/index.js';
import { defineCommand } from './define-command.js';
import { UsageError } from './errors.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { MODEL_OPTION, readModel, requireAsOf } from './model-file.js';
import { EVALUATION_SUMMARY_COLUMNS, evaluationSummaryTable } from './evaluation-summary-table.js';
import { openOutput } from './output.js';
import { evaluateAgainst, scoreAt } from './pipeline.js';

export const evaluateCommand = defineCommand({
  name: 'evaluate',
  summary: 'back-test a saved model: score at --as-of, compare with what happened in the following year',
  usage: '--patients FILE ... --model FILE --as-of DATE [--outcome emergency|avoidable] [--out DIR] [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...MODEL_OPTION,
    outcome: { type: 'string', arg: 'NAME', help: 'emergency (default) or avoidable' },
  },
  examples: ['risk-stratify evaluate --config site.json --model model/model.json --as-of 2023-04-01 --out evaluation'],
  description:
    'Scores everyone registered at --as-of (features as they stood then) and evaluates against outcomes in\n' +
    'the following horizon (12 months): AUROC with its DeLong 95% CI (ties count one half), AUPRC, Brier,\n' +
    'calibration by tenths, and PPV, sensitivity, lift and the share of admissions and bed days captured\n' +
    'at the top 0.5-20%, overall and by age band, sex, deprivation quintile and practice. The data must\n' +
    'reach --as-of plus the horizon. Fit the model at an earlier date for an honest back-test.\n' +
    'With --out: internal/evaluation.json (exact, not for publication) and publish/evaluation-summary.csv\n' +
    '(counts suppressed; PPV, sensitivity and lift from the published counts).',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const model = readModel(ctx);
    const o = ctx.string('outcome');
    if (o !== undefined && o !== 'emergency' && o !== 'avoidable') throw new UsageError(`--outcome must be emergency or avoidable; got ${JSON.stringify(o)}`);
    const outcome = o === undefined ? ctx.config.outcome : o === 'emergency' ? 'emergencyAdmission' : 'avoidableAdmission';
    const input = await loadInput(ctx);
    const pop = input.population;
    const { features, scores } = scoreAt(pop, model, asOf, { lookbackMonths: ctx.config.lookbackMonths });
    const outcomes = buildOutcomes(pop, { asOf, horizonMonths: ctx.config.horizonMonths, rows: features.rows });
    const evaluation = evaluateAgainst(pop, scores, outcomes, outcome, asOf);
    const to = addMonths(asOf, ctx.config.horizonMonths);
    if (model.training.asOf !== undefined && model.training.asOf >= formatDay(asOf)) {
      ctx.log(`warning: the model was fitted at ${model.training.asOf}, not before ${formatDay(asOf)}: this is not a back-test`);
    }
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(pop);
      out.internal.json('evaluation.json', { asOf: formatDay(asOf), outcomeTo: formatDay(to), outcome, evaluation }, 'evaluation with exact counts (JSON)');
      out.publish.table('evaluation-summary.csv', evaluationSummaryTable(evaluation, ctx.config.suppression),
        'at the top k%: people, score cut-off, people with the outcome, PPV, sensitivity, lift (suppressed)', EVALUATION_SUMMARY_COLUMNS);
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    if (ctx.common.json) ctx.printJSON({ asOf: formatDay(asOf), outcomeTo: formatDay(to), outcome, auroc: evaluation.auroc, aurocCI: evaluation.aurocCI, auprc: evaluation.auprc, brier: evaluation.brier, calibration: evaluation.calibration, atTop: evaluation.atTop, warnings: evaluation.warnings });
    else {
      const lines = [
        `${outcome} from ${formatDay(asOf)} to ${formatDay(to)}: ${evaluation.n} people, ${evaluation.events} with the outcome (${(100 * evaluation.prevalence).toFixed(1)}%)`,
        `AUROC ${evaluation.auroc?.toFixed(3)} (95% CI ${evaluation.aurocCI?.map((x) => x.toFixed(3)).join('-')}), AUPRC ${evaluation.auprc?.toFixed(3)}, Brier ${evaluation.brier?.toFixed(4)}, calibration slope ${evaluation.calibration?.slope?.toFixed(2)}`,
        '', ' top%   people   PPV   sensitivity   lift   share of admissions   share of bed days',
      ];
      for (const a of evaluation.atTop) lines.push(`${a.percent.toString().padStart(5)} ${String(a.people).padStart(8)} ${(100 * a.ppv).toFixed(0).padStart(4)}%  ${(100 * (a.sensitivity ?? 0)).toFixed(1).padStart(10)}%  ${(a.lift ?? 0).toFixed(1).padStart(5)}  ${(100 * (a.admissionsShare ?? 0)).toFixed(1).padStart(18)}%  ${(100 * (a.bedDaysShare ?? 0)).toFixed(1).padStart(16)}%`);
      ctx.print(lines.join('\n'));
    }
    return 0;
  },
});
