import { addMonths, formatDay } from '../core/dates.js';
import { backtestOutcomes, compareVariants } from '../compare/index.js';
import { defineCommand } from './define-command.js';
import { UsageError } from './errors.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { MODEL_OPTION, readModel, requireAsOf } from './model-file.js';
import { openOutput } from './output.js';
import { scoreAt } from './pipeline.js';
import { scoresByPopulationRow } from './demo-action-steps.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';
import { formatFigure, type FigureFormat } from './format-figure.js';
import { warningLines } from './warning-lines.js';
import { EXIT_UNSUPPORTED } from './exit-codes.js';
import type { VariantInterval } from '../compare/index.js';

export const compareCommand = defineCommand({
  name: 'compare',
  summary: 'compare selection variants (top 2% vs 5%, ...) before the fact on back-test data',
  usage: '--patients FILE ... --model FILE --as-of DATE [--top 2,5] --out DIR [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...MODEL_OPTION,
    ...WINDOW_OPTION,
    top: { type: 'string', arg: 'LIST', help: "top percentages to compare, e.g. 2,5 (default: the config's variants)" },
  },
  examples: ['risk-stratify compare --config site.json --model model/model.json --as-of 2023-04-01 --out compare'],
  description:
    'Selects each variant as of --as-of with the model and follows the selected people over the next\n' +
    'horizon (12 months) with no intervention: cohort size, caseload per practice, PPV, sensitivity, the\n' +
    "fall expected anyway (regression to the mean), and admissions averted, net cost and cost per admission\n" +
    "averted under the config's assumptions (effect range 0-20%, costs), with seeded bootstrap 95%\n" +
    'intervals and paired differences. The data must reach --as-of plus the horizon.\n' +
    'Writes internal/variant-comparison.json (exact, with intervals; not for publication) and\n' +
    'publish/variant-comparison.csv (counts suppressed; rates, falls and costs from the published counts).\n' +

    "divide by (an empty cohort, no admissions before, none averted) is shown as 'n/a (why)' with its\n" +
    'warning, never as NaN or Infinity.\n' +
    'Exit codes: 0 done; 4 a variant has no PPV or sensitivity (it selects nobody, or nobody had an\n' +
    'admission in the horizon); 1 an error; 2 a usage mistake.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const model = readModel(ctx);
    let variants = ctx.config.variants.map((v) => ({ ...v, exclude: {} as Record<string, string[]> }));
    const top = ctx.string('top');
    if (top !== undefined) {
      variants = top.split(',').map((t) => {
        const p = Number(t.trim());
        if (!(p > 0 && p <= 100)) throw new UsageError(`--top must be percentages in (0, 100], e.g. 2,5; got ${JSON.stringify(top)}`);
        return { name: `top${t.trim()}`, topPercent: p, per: 'practice' as const, adultsOnly: true, policy: 'exact' as const, exclude: {} };
      });
    }
    const input = await loadInput(ctx);
    const pop = input.population;
    const beforeData = beforeDataOf(ctx);
    const { features, scores } = scoreAt(pop, model, asOf, { lookbackMonths: ctx.config.lookbackMonths, beforeData });
    const outcomes = backtestOutcomes(pop, { asOf, horizonMonths: ctx.config.horizonMonths, lookbackMonths: ctx.config.lookbackMonths, beforeData });
    const a = ctx.config.assumptions;
    const bar = ctx.progress('bootstrap');
    const cmp = compareVariants(scoresByPopulationRow(pop.size, features.rows, scores), pop, outcomes, variants.map((v) => ({ ...v, exclude: ctx.exclusions, unmatchedExclusions: ctx.config.unmatchedExclusions })), {
      asOf, effect: a.effect, costPerPersonYear: a.costPerPersonYear, costPerAdmission: a.costPerAdmission, costPerBedDay: a.costPerBedDay,
      seed: ctx.common.seed, bootstrap: a.bootstrap, suppression: { threshold: ctx.config.suppression.threshold, roundTo: ctx.config.suppression.roundTo }, onProgress: bar, beforeData,
    });
    bar.end();
    logWindowWarnings(ctx, features.warnings, outcomes.warnings, cmp.warnings);
    const doc = { asOf: formatDay(asOf), outcomeTo: formatDay(addMonths(asOf, ctx.config.horizonMonths)), window: windowProvenance(pop.window), assumptions: a, variants: cmp.variants, differences: cmp.differences, method: cmp.method, warnings: cmp.warnings };
    if (ctx.common.out) {
      const out = openOutput(ctx, ctx.common.out);
      out.population(pop);
      out.internal.json('variant-comparison.json', doc, 'variants compared before the fact, with bootstrap 95% intervals and paired differences (exact)');
      out.publish.table('variant-comparison.csv', { rows: cmp.table, note: cmp.suppression! }, 'variant comparison: counts suppressed; PPV, sensitivity, falls, averted admissions and costs from the published counts');
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    const w = cmp.warnings.filter((x) => !x.code.startsWith("window_")); // window warnings are logged above
    if (ctx.common.json) {
      ctx.printJSON(doc);
      for (const line of warningLines(w)) ctx.log(line);
    } else {
      const pct: FigureFormat = { kind: 'percent' };
      const whole: FigureFormat = { digits: 0 };
      const ci = (i: VariantInterval, path: (string | number)[], f: FigureFormat): string =>
        i.estimate === null ? formatFigure(null, w, path, f) : `${formatFigure(i.estimate, w, path, f)} (${formatFigure(i.ci95, w, [...path, 'ci95'], f)})`;
      const lines = [`variants selected as of ${doc.asOf}, followed to ${doc.outcomeTo} (no intervention):`];
      cmp.variants.forEach((v, k) => {
        const at = (...rest: (string | number)[]): (string | number)[] => ['variants', k, ...rest];
        lines.push('', `${v.name}: ${v.cohortSize} people (${formatFigure(v.per1000Registered, w, at('per1000Registered'), { digits: 1 })} per 1,000 registered; caseload per practice ${formatFigure(v.caseloadPerPractice.min, w, at('caseloadPerPractice'), whole)}-${formatFigure(v.caseloadPerPractice.max, w, at('caseloadPerPractice'), whole)})`);
        lines.push(`  PPV ${ci(v.ppv, at('ppv'), pct)}, sensitivity ${ci(v.sensitivity, at('sensitivity'), pct)}`);
        lines.push(`  admissions ${ci(v.priorAdmissions, at('priorAdmissions'), whole)} the year before -> ${ci(v.admissions, at('admissions'), whole)} after: ${ci(v.relativeFallNoIntervention, at('relativeFallNoIntervention'), pct)} fall with no intervention`);
        lines.push(`  averted at ${(100 * a.effect[1]).toFixed(0)}% effect: ${ci(v.admissionsAverted.high, at('admissionsAverted', 'high'), whole)} admissions, ${ci(v.bedDaysAverted.high, at('bedDaysAverted', 'high'), whole)} bed days; net cost ${ci(v.netCost.high, at('netCost', 'high'), whole)}`);
      });
      if (w.length > 0) lines.push('', ...warningLines(w));
      ctx.print(lines.join('\n'));
    }
    return cmp.variants.some((v) => v.ppv.estimate === null || v.sensitivity.estimate === null) ? EXIT_UNSUPPORTED : 0;
  },
});
