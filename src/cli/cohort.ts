import { addMonths, formatDay } from '../core/dates.js';
import { checkAsOf } from '../core/check-window.js';
import type { Cohort } from '../cohort/index.js';
import { runMonthlyRefresh } from '../refresh/index.js';
import { writeCohortFiles } from './refresh-files.js';
import { defineCommand } from './define-command.js';
import { UsageError } from './errors.js';
import { CASELOAD_COLUMNS, caseloadTable } from './caseload-table.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { MODEL_OPTION, readModel, requireAsOf } from './model-file.js';
import { openOutput } from './output.js';
import type { VariantSpec } from './pipeline.js';
import { EXCLUDE_OPTIONS, exclusionListLines, exclusionsOf, unmatchedExclusionsOf } from './exclusion-lines.js';
import { beforeDataOf, logWindowWarnings, WINDOW_OPTION, windowProvenance } from './window-option.js';
import { warningLines } from './warning-lines.js';
import { EXIT_UNSUPPORTED } from './exit-codes.js';

export const cohortCommand = defineCommand({
  name: 'cohort',
  summary: 'select the top k% per practice for case management, with exclusions and churn since last month',
  usage: '--patients FILE ... --model FILE --as-of DATE [--top 2,5] [--per practice|population] [--policy exact|threshold] [--capacity N] [--exclude NAME=FILE,...] --out DIR [--json]',
  options: {
    ...INPUT_OPTIONS,
    ...MODEL_OPTION,
    ...WINDOW_OPTION,
    ...EXCLUDE_OPTIONS,
    top: { type: 'string', arg: 'LIST', help: 'top percentages, e.g. 2,5 (default: the config\'s variants, top 2% and 5%)' },
    per: { type: 'string', arg: 'WHERE', help: 'practice (default: k per practice, as the enhanced service asked) or population' },
    policy: { type: 'string', arg: 'NAME', help: 'exact (k = ceil(p x eligible), ties by id; default) or threshold (ties may enlarge the cohort)' },
    capacity: { type: 'string', arg: 'N', help: 'maximum caseload per practice, applied after ranking' },
    'all-ages': { type: 'boolean', help: 'include children (default: adults 18+ only)' },
  },
  examples: ['risk-stratify cohort --config site.json --model model/model.json --as-of 2024-05-01 --out cohort/2024-05', 'risk-stratify cohort --config site.json --top 2 --per population --capacity 50'],
  description:
    'Scores everyone registered at --as-of and selects each variant. People who opted out are never\n' +
    'selected; people who died or left the list are excluded, and so is everyone in the config\'s\n' +
    'exclusion lists (already case-managed, end of life...): ids matched as the loader reads ids\n' +
    '(trimmed, then exactly, case included); each list\'s ids, people matched and people excluded are\n' +
    'printed per variant, and a list that matches nobody stops the command (exit 1) unless the config\n' +
    'says "unmatchedExclusions": "warn" (or --unmatched-exclusions warn). --exclude adds lists.\n' +
    'Churn compares with the same selection one\n' +
    'month earlier: who entered, who left and why (died, left the list, risk fell, excluded).\n' +
    'Writes, for direct care and not for publication, internal/cohort-<variant>.csv (id, practice, rank,\n' +
    'score), internal/cohort-<variant>-exclusions.csv (id, reason), internal/cohort-summary.json and\n' +
    'internal/cohort-churn.json; and publish/caseload.csv (per practice with a total per variant;\n' +
    'counts suppressed with secondary suppression).\n' +

    'Groups with fewer than 1/p eligible people (fewer than 50 adults for a top 2%) get k = 1 only by\n' +
    'rounding up, and practices where k is everyone eligible are not a top slice: both are warned of\n' +
    'beside the variant, with counts and example practices (and in cohort-summary.json).\n' +
    'Exit codes: 0 done; 4 in some variant every group is too small for its percentage, or nobody is\n' +
    'selected (the files are still written); 1 an error; 2 a usage mistake.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const model = readModel(ctx);
    let variants: VariantSpec[] = ctx.config.variants.map((v) => ({ ...v }));
    const top = ctx.string('top');
    if (top !== undefined) {
      variants = top.split(',').map((t) => {
        const p = Number(t.trim());
        if (!(p > 0 && p <= 100)) throw new UsageError(`--top must be percentages in (0, 100], e.g. 2,5; got ${JSON.stringify(top)}`);
        return { name: `top${t.trim()}`, topPercent: p, per: 'practice', adultsOnly: true, policy: 'exact' };
      });
    }
    const per = ctx.string('per');
    if (per !== undefined && per !== 'practice' && per !== 'population') throw new UsageError(`--per must be practice or population; got ${JSON.stringify(per)}`);
    const policy = ctx.string('policy');
    if (policy !== undefined && policy !== 'exact' && policy !== 'threshold') throw new UsageError(`--policy must be exact or threshold; got ${JSON.stringify(policy)}`);
    const capacity = ctx.number('capacity');
    if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= 0)) throw new UsageError(`--capacity must be a whole number; got ${capacity}`);
    variants = variants.map((v) => ({
      ...v,
      ...(per ? { per } : {}),
      ...(policy ? { policy } : {}),
      ...(capacity !== undefined ? { capacity } : {}),
      ...(ctx.values['all-ages'] ? { adultsOnly: false } : {}),
    }));
    const input = await loadInput(ctx);
    const pop = input.population;
    // The library's monthly job, twice: last month (for churn) and this month against it.
    const lastMonth = addMonths(asOf, -1);
    checkAsOf('runMonthlyRefresh', pop.window, asOf, ['options', 'asOf']); // this month's date first: last month's is only for churn
    const common = { model, variants, exclude: exclusionsOf(ctx), unmatchedExclusions: unmatchedExclusionsOf(ctx), lookbackMonths: ctx.config.lookbackMonths, beforeData: beforeDataOf(ctx), evaluate: false };
    const before = runMonthlyRefresh(pop, { ...common, asOf: lastMonth, reasons: 0 });
    // Last month's cohorts as selected then (people who have opted out since are counted as such by the churn).
    const previous = { asOf: before.asOf, variants: Object.fromEntries(Object.values(before.variants).map((v) => [v.name, { ids: [...v.cohort.selected.ids] }])) };
    const now = runMonthlyRefresh(pop, { ...common, asOf, previous });
    logWindowWarnings(ctx, now.warnings, before.warnings);
    const out = ctx.common.out ? openOutput(ctx, ctx.common.out) : undefined;
    out?.population(pop);
    const caseload: Array<{ variant: string; cohort: Cohort }> = [];
    const results: Record<string, unknown> = {};
    const churns: Record<string, unknown> = {};
    const lines: string[] = [`cohorts as of ${formatDay(asOf)} (churn since ${formatDay(lastMonth)}):`];
    const warned: string[] = [];
    let unsupported = false;
    for (const v of Object.values(now.variants)) {
      const { cohort } = v;
      const churn = v.churn!;
      caseload.push({ variant: v.name, cohort });
      if (out) writeCohortFiles(out, v);
      results[v.name] = { options: cohort.options, selected: cohort.selected.ids.length, excluded: cohort.excluded, exclusionLists: cohort.exclusionLists, groups: cohort.groups, capacity: cohort.capacity, warnings: cohort.warnings };
      churns[v.name] = { from: formatDay(lastMonth), to: formatDay(asOf), counts: churn.counts, entered: churn.entered, left: churn.left };
      lines.push(`  ${v.name.padEnd(8)} ${String(cohort.selected.ids.length).padStart(6)} people in ${cohort.groups.length} group(s); ${churn.counts.entered} entered, ${churn.counts.left} left (${Object.entries(churn.counts.byReason).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}); ${cohort.excluded['optedOut'] ?? 0} opted out, never selected`);
      const listed = exclusionListLines(cohort, v.name);
      lines.push(...listed.map((l) => `    ${l}`));
      if (ctx.common.json) for (const l of listed) ctx.log(l);
      const vw = warningLines(cohort.warnings, `${v.name}: `);
      lines.push(...vw.map((l) => `    ${l}`));
      warned.push(...vw);
      const tooSmall = cohort.warnings.find((w) => w.code === 'group_too_small');
      if ((tooSmall !== undefined && tooSmall.count === cohort.groups.length) || cohort.warnings.some((w) => w.code === 'empty_cohort')) unsupported = true;
    }
    if (out) {
      out.publish.table('caseload.csv', caseloadTable(caseload, ctx.config.suppression), 'caseload per practice and in all practices for each variant: eligible, selected, % selected, score cut-off (suppressed)', CASELOAD_COLUMNS);
      out.internal.json('cohort-summary.json', { asOf: formatDay(asOf), window: windowProvenance(pop.window), variants: results }, 'cohort sizes, exclusions by reason, thresholds per practice (exact)');
      out.internal.json('cohort-churn.json', churns, 'who entered, left (with the reason) and stayed since last month (ids)');
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    if (ctx.common.json) {
      ctx.printJSON({ asOf: formatDay(asOf), window: windowProvenance(pop.window), variants: results, churn: Object.fromEntries(Object.entries(churns).map(([k, v]) => [k, (v as { counts: unknown }).counts])) });
      for (const line of warned) ctx.log(line);
    } else ctx.print(lines.join('\n'));
    return unsupported ? EXIT_UNSUPPORTED : 0;
  },
});
