import { addMonths, formatDay } from '../core/dates.js';
import { buildOutcomes } from '../features/index.js';
import { defineCommand } from './define-command.js';
import { UsageError } from './errors.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { MODEL_OPTION, readModel, requireAsOf } from './model-file.js';
import { EVALUATION_SUMMARY_COLUMNS, evaluationSummaryTable } from './evaluation-summary-table.js';
import { openOutput } from './output.js';
import { evaluateAgainst, scoreAt } from './pipeline.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';
import { formatFigure } from './format-figure.js';
import { warningLines } from './warning-lines.js';
import { EXIT_UNSUPPORTED } from './exit-codes.js';
import { backTestNote, performanceSections } from './report-data.js';
import { writeReportInput } from './report-input-file.js';

export const evaluateCommand = defineCommand({
  name: 'evaluate',
  summary: 'back-test a saved model: score at --as-of, compare with what happened in the following year',
  usage: '--patients FILE ... --model FILE --as-of DATE [--outcome emergency|avoidable] [--out DIR] [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...MODEL_OPTION,
    ...WINDOW_OPTION,
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
    '(counts suppressed; PPV, sensitivity and lift from the published counts).\n' +

    "A figure the data cannot support (no events, one event, nothing to divide by) is shown as 'n/a (why)'\n" +
    'and its warning printed beside the headline; the JSON has null and the warnings.\n' +
    'Exit codes: 0 done; 4 the AUROC or its interval is not supported by the data (no events, no\n' +
    'non-events, or a single one); 1 an error; 2 a usage mistake.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const model = readModel(ctx);
    const o = ctx.string('outcome');
    if (o !== undefined && o !== 'emergency' && o !== 'avoidable') throw new UsageError(`--outcome must be emergency or avoidable; got ${JSON.stringify(o)}`);
    const outcome = o === undefined ? ctx.config.outcome : o === 'emergency' ? 'emergencyAdmission' : 'avoidableAdmission';
    const input = await loadInput(ctx);
    const pop = input.population;
    const beforeData = beforeDataOf(ctx);
    const { features, scores } = scoreAt(pop, model, asOf, { lookbackMonths: ctx.config.lookbackMonths, beforeData });
    const outcomes = buildOutcomes(pop, { asOf, horizonMonths: ctx.config.horizonMonths, rows: features.rows, beforeData });
    const evaluation = evaluateAgainst(pop, scores, outcomes, outcome, asOf);
    logWindowWarnings(ctx, features.warnings, outcomes.warnings);
    const window = windowProvenance(pop.window);
    const to = addMonths(asOf, ctx.config.horizonMonths);
    if (model.training.asOf !== undefined && model.training.asOf >= formatDay(asOf)) {
      ctx.log(`warning: the model was fitted at ${model.training.asOf}, not before ${formatDay(asOf)}: this is not a back-test`);
    }
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(pop);
      out.internal.json('evaluation.json', { asOf: formatDay(asOf), outcomeTo: formatDay(to), window, outcome, evaluation }, 'evaluation with exact counts (JSON)');
      out.publish.table('evaluation-summary.csv', evaluationSummaryTable(evaluation, ctx.config.suppression),
        'at the top k%: people, score cut-off, people with the outcome, PPV, sensitivity, lift (suppressed)', EVALUATION_SUMMARY_COLUMNS);
      const note = [backTestNote(asOf, to, outcome)];
      writeReportInput(ctx, out, 'evaluate', { asOf: formatDay(asOf), ...performanceSections(evaluation, scores, outcomes[outcome], outcomes, ctx.config.suppression), sectionNotes: { model: note, concentration: note } }, formatDay(asOf));
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    const w = evaluation.warnings;
    if (ctx.common.json) {
      ctx.printJSON({ asOf: formatDay(asOf), outcomeTo: formatDay(to), window, outcome, auroc: evaluation.auroc, aurocCI: evaluation.aurocCI, auprc: evaluation.auprc, brier: evaluation.brier, calibration: evaluation.calibration, atTop: evaluation.atTop, warnings: w });
      for (const line of warningLines(w)) ctx.log(line);
    } else {
      const pct = { kind: 'percent' as const };
      const lines = [
        `${outcome} from ${formatDay(asOf)} to ${formatDay(to)}: ${evaluation.n} people, ${evaluation.events} with the outcome (${formatFigure(evaluation.prevalence, w, ['prevalence'], pct)})`,
        `AUROC ${formatFigure(evaluation.auroc, w, ['auroc'], { digits: 3 })}${evaluation.auroc === null ? '' : ` (95% CI ${formatFigure(evaluation.aurocCI, w, ['aurocCI'], { digits: 3 })})`}, AUPRC ${formatFigure(evaluation.auprc, w, ['auprc'], { digits: 3 })}, ` +
          `Brier ${formatFigure(evaluation.brier, w, ['brier'], { digits: 4 })}, calibration slope ${formatFigure(evaluation.calibration?.slope, w, ['calibration', 'slope'])}`,
        ...warningLines(w),
        '',
      ];
      // The top-slice table, each column as wide as its widest cell (an 'n/a (why)' is wider than a number).
      const rows = [['top%', 'people', 'PPV', 'sensitivity', 'lift', 'share of admissions', 'share of bed days']];
      evaluation.atTop.forEach((a, i) => {
        const at = (k: string): (string | number)[] => ['atTop', i, k];
        rows.push([String(a.percent), String(a.people), formatFigure(a.ppv, w, at('ppv'), { kind: 'percent', digits: 0 }), formatFigure(a.sensitivity, w, at('sensitivity'), pct),
          formatFigure(a.lift, w, at('lift'), { digits: 1 }), formatFigure(a.admissionsShare, w, at('admissionsShare'), pct), formatFigure(a.bedDaysShare, w, at('bedDaysShare'), pct)]);
      });
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
      for (const r of rows) lines.push(r.map((cell, c) => cell.padStart(widths[c]!)).join('  '));
      ctx.print(lines.join('\n'));
    }
    return evaluation.auroc === null || evaluation.aurocCI === null ? EXIT_UNSUPPORTED : 0;
  },
});
