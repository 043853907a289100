import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { civilFromDay, formatDay } from '../core/dates.js';
import { isRiskStratifyError } from '../core/errors.js';
import { readPreviousRefresh } from '../node/index.js';
import { runMonthlyRefresh, type PreviousRefresh } from '../refresh/index.js';
import { defineCommand } from './define-command.js';
import { CliError, UsageError } from './errors.js';
import { EXIT_UNSUPPORTED } from './exit-codes.js';
import { EXCLUDE_OPTIONS, exclusionsOf, unmatchedExclusionsOf } from './exclusion-lines.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { MODEL_OPTION, readModel, requireAsOf } from './model-file.js';
import { openOutput } from './output.js';
import { writeRefreshFiles } from './refresh-files.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION } from './window-option.js';
import { warningLines } from './warning-lines.js';

/** `yyyy-mm` of a day: the default name of a month's run folder. */
function monthName(day: number): string {
  const { year, month } = civilFromDay(day);
  return `${year}-${String(month).padStart(2, '0')}`;
}

export const refreshCommand = defineCommand({
  name: 'refresh',
  summary: "the monthly job: this month's case lists with reasons, churn since last month, the meeting files per practice",
  usage: '--config FILE --as-of DATE [--previous DIR] [--model FILE] [--out DIR] [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...MODEL_OPTION,
    ...WINDOW_OPTION,
    ...EXCLUDE_OPTIONS,
    previous: { type: 'string', arg: 'DIR', help: "last month's run folder (written by refresh): churn is counted against it, and this month's folder goes beside it" },
  },
  examples: [
    'risk-stratify refresh --config site.json --as-of 2025-04-01 --out output/2025-04',
    'risk-stratify refresh --config site.json --as-of 2025-05-01 --previous output/2025-04',
  ],
  description:
    'Runs the monthly job (the library call runMonthlyRefresh): features as of --as-of, the model\n' +
    "(--model or the config's model; with neither, one is fitted on the latest complete year inside the\n" +
    "extract's window), each variant's cohort with its case list, churn against --previous, caseloads per\n" +
    'practice. Writes, for direct care and not for publication, under internal/: case-list-<variant>.csv\n' +
    '(risk % and band, age band, sex, conditions, frailty, emergency admissions and bed days, months since\n' +
    'the last, care home, the top three reasons, new/stayed/returned), leavers-<variant>.csv (each with\n' +
    'the reason), practices/<practice>/case-list-<variant>.csv and .html (the meeting files: one practice\n' +
    'each, printable on A4), refresh-state.json (read by next month\'s --previous), refresh-summary.json\n' +
    '(and model.json when fitted); under publish/: caseload.csv (suppressed). Opted-out people are never\n' +
    'in any file. The output folder is --out, else beside --previous named yyyy-mm, else output/yyyy-mm.\n' +
    'Exit codes: 0 done; 4 some variant selected nobody (the files are still written); 1 an error;\n' +
    '2 a usage mistake.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const previousFlag = ctx.string('previous');
    let previous: PreviousRefresh | undefined;
    let previousDir: string | undefined;
    if (previousFlag !== undefined) {
      previousDir = ctx.path(previousFlag);
      if (!existsSync(previousDir)) throw new UsageError(`--previous: no such folder ${previousDir}`);
      try {
        previous = readPreviousRefresh(previousDir);
      } catch (e) {
        if (isRiskStratifyError(e)) throw new CliError(`--previous: ${e.message}`);
        throw e;
      }
    }
    const outDir = ctx.common.out ?? (previousDir !== undefined ? join(dirname(previousDir), monthName(asOf)) : ctx.path(join('output', monthName(asOf))));
    if (previousDir !== undefined && resolve(outDir) === resolve(previousDir)) {
      throw new UsageError(`the output folder ${outDir} is --previous: give this month its own --out, e.g. ${join(dirname(previousDir), monthName(asOf))}`);
    }
    const hasModel = ctx.string('model') !== undefined || ctx.config.model !== undefined;
    const model = hasModel ? readModel(ctx) : { fit: true as const, l2: ctx.config.l2 };
    const input = await loadInput(ctx);
    const pop = input.population;
    const bar = ctx.progress('features');
    const refresh = runMonthlyRefresh(pop, {
      asOf, model, previous,
      variants: ctx.config.variants.map((v) => ({ ...v })),
      exclude: exclusionsOf(ctx),
      unmatchedExclusions: unmatchedExclusionsOf(ctx),
      lookbackMonths: ctx.config.lookbackMonths,
      horizonMonths: ctx.config.horizonMonths,
      outcome: ctx.config.outcome,
      beforeData: beforeDataOf(ctx),
      onProgress: bar,
    });
    bar.end();
    logWindowWarnings(ctx, refresh.warnings);
    const out = openOutput(ctx, outDir);
    out.population(pop);
    writeRefreshFiles(out, refresh, pop, ctx.config.suppression);

    const lines: string[] = [`refresh as of ${formatDay(asOf)}${previous ? ` (churn since ${previous.asOf}, from ${previousDir})` : ' (no --previous: no churn)'}${refresh.fitted ? `; model fitted on features at ${refresh.fitted.asOf}` : ''}:`];
    let unsupported = false;
    for (const v of Object.values(refresh.variants)) {
      const c = v.churn?.counts;
      const reasons = Object.entries(v.leavers.reduce<Record<string, number>>((a, l) => ({ ...a, [l.reason]: (a[l.reason] ?? 0) + 1 }), {})).map(([r, n]) => `${r} ${n}`).join(', ');
      lines.push(`  ${v.name.padEnd(8)} ${String(v.caseList.length).padStart(6)} people` +
        (c ? `; ${c.entered} new, ${c.stayed} stayed, ${c.left} left (${reasons || 'none'}${c.optedOut ? `; ${c.optedOut} opted out, counted only` : ''})` : '') +
        `; ${v.cohort.excluded['optedOut'] ?? 0} opted out, never selected`);
      if (v.caseList.length === 0) unsupported = true;
    }
    const warned = warningLines(refresh.warnings.filter((w) => !w.code.startsWith('window_')));
    lines.push(...warned.map((l) => `  ${l}`));
    if (ctx.common.json) {
      ctx.printJSON({
        asOf: refresh.asOf, out: out.dir, previous: previous?.asOf ?? null,
        variants: Object.fromEntries(Object.values(refresh.variants).map((v) => [v.name, { selected: v.caseList.length, churn: v.churn?.counts ?? null }])),
        warnings: refresh.warnings.map((w) => ({ code: w.code, message: w.message })),
      });
    } else ctx.print(lines.join('\n'));
    for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    return unsupported ? EXIT_UNSUPPORTED : 0;
  },
});
