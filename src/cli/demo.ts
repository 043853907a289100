import { addMonths, dayFromCivil, formatDay } from '../core/dates.js';
import type { Population } from '../core/population.js';
import { UsageError } from './errors.js';
import { defineCommand, type CommandContext } from './define-command.js';
import { interimPopulation } from './interim-population.js';
import { OutputDir } from './output.js';
import { summariseForCli } from './summarise.js';
import { suppressCounts } from './suppress.js';
import { checkPopulation } from './check-population.js';

/** The demo's clock: synthetic activity runs for `years` up to this date. */
const DEMO_END = dayFromCivil(2025, 4, 1);

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'run the whole job on a built-in synthetic population and write every output',
  usage: '[--size N] [--practices N] [--years N] [--seed N] [--out DIR] [--json]',
  options: {
    size: { type: 'string', arg: 'N', help: 'people in the synthetic population (default 50000)' },
    practices: { type: 'string', arg: 'N', help: 'GP practices (default 20)' },
    years: { type: 'string', arg: 'N', help: 'years of activity (default 3; at least 3 for the back-test)' },
  },
  examples: ['risk-stratify demo --out risk-stratify-output', 'risk-stratify demo --size 5000 --seed 7 --out /tmp/demo --json'],
  description:
    'Generates a synthetic GP-registered population (seeded), then validates it, summarises it and runs\n' +
    'every stage that is available, writing JSON, CSV and HTML into --out (default ./risk-stratify-output).\n' +
    'A short list of what was written goes to stderr; with --json the same list is printed on stdout.\n' +
    'Exit codes: 0 done, 1 an error, 2 a usage mistake.',
  async run(ctx) {
    const size = ctx.number('size', 50_000);
    const practices = ctx.number('practices', 20);
    const years = ctx.number('years', 3);
    if (!Number.isInteger(size) || size < 100) throw new UsageError(`--size must be a whole number of at least 100; got ${size}`);
    if (!Number.isInteger(practices) || practices < 1 || practices > size) throw new UsageError(`--practices must be between 1 and --size; got ${practices}`);
    if (!Number.isInteger(years) || years < 1 || years > 20) throw new UsageError(`--years must be a whole number from 1 to 20; got ${years}`);
    const out = new OutputDir(ctx.common.out ?? ctx.path('risk-stratify-output'));
    const t0 = Date.now();
    const population = interimPopulation(size, practices, years, ctx.common.seed, DEMO_END);
    const asOf = ctx.common.asOf ?? DEMO_END;
    const result = runDemoSteps(ctx, population, { asOf, end: DEMO_END, years }, out);
    const seconds = (Date.now() - t0) / 1000;
    if (ctx.common.json) {
      ctx.printJSON({ out: out.dir, seconds, ...result, files: out.written.map((f) => ({ path: f.path, what: f.what, bytes: f.bytes })) });
    } else {
      ctx.log(`risk-stratify demo: ${size} synthetic people, ${practices} practices, ${years} years of activity (seed ${ctx.common.seed}); as of ${formatDay(asOf)}`);
      for (const line of result.headlines) ctx.log(`  ${line}`);
      ctx.log(`wrote ${out.written.length} files to ${out.dir} in ${seconds.toFixed(1)} s:`);
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    return 0;
  },
});

interface DemoClock {
  /** The as-of date of the current run (the demo's "today"). */
  asOf: number;
  /** Last day of synthetic activity. */
  end: number;
  years: number;
}

/** Runs every available stage on `population`, writing into `out`; returns headline lines. */
function runDemoSteps(ctx: CommandContext, population: Population, clock: DemoClock, out: OutputDir): { headlines: string[] } {
  const headlines: string[] = [];
  const rule = ctx.config.suppression;

  // 1. Validation of the population's structure.
  const checks = checkPopulation(population, clock.end);
  out.json('validation.json', checks, 'validation results (structural checks, rejected rows)');
  headlines.push(`validation: ${checks.checks.filter((c) => c.ok).length}/${checks.checks.length} checks passed, ${checks.rejected.length} rows rejected`);

  // 2. Population summary.
  const summary = summariseForCli(population, clock.asOf, formatDay(clock.asOf));
  out.json('population-summary.json', summary, 'population summary (JSON)');
  out.csv('population-summary.csv', suppressCounts(summary.rows, ['people', 'emergencyAdmissions'], rule), 'population summary by age, sex, deprivation, practice (CSV, suppressed)',
    ['group', 'level', 'people', 'emergencyAdmissions', 'admissionsPer1000']);
  headlines.push(`population: ${summary.eligible} registered on ${summary.asOf}, ${summary.admissionsPer1000} emergency admissions per 1,000 in the year before`);
  void addMonths;
  return { headlines };
}
