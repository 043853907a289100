import { addMonths, formatDay } from '../core/dates.js';
import type { Population } from '../core/population.js';
import { loadPopulation } from '../data/index.js';
import { generatePopulation, summarisePopulation, type SyntheticPopulation } from '../synth/index.js';
import { defineCommand, type CommandContext } from './define-command.js';
import { UsageError } from './errors.js';
import { populationToExtract } from './extract-csv.js';
import { openOutput, type OutputDir } from './output.js';
import { POPULATION_SUMMARY_COLUMNS, populationSummaryTable } from './population-summary-table.js';
import { provenanceLines } from './provenance.js';
import { runModelSteps } from './demo-model-steps.js';
import { runActionSteps } from './demo-action-steps.js';
import { backTestNote, performanceSections, populationSection, riskBins, type ReportData } from './report-data.js';
import { renderReport } from '../report/index.js';
import { EXIT_UNSUPPORTED } from './exit-codes.js';

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'run the whole job on a built-in synthetic population and write every output',
  usage: '[--size N] [--practices N] [--years N] [--seed N] [--as-of DATE] [--out DIR] [--json]',
  options: {
    size: { type: 'string', arg: 'N', help: 'people in the synthetic population (default 50000)' },
    practices: { type: 'string', arg: 'N', help: 'GP practices (default: realistic list sizes, about one per 11,000 people)' },
    years: { type: 'string', arg: 'N', help: 'years of activity from 2021-04-01 (default 3; the back-test needs 3)' },
    'evaluation-size': { type: 'string', arg: 'N', help: 'people in the separate population with a known effect for the matched evaluation (default 100000: at 30,000 the spread of the relative estimate between seeds is about 0.17, too wide to recover a 15% effect reliably)' },
  },
  examples: ['risk-stratify demo --out risk-stratify-output', 'risk-stratify demo --size 5000 --seed 7 --out /tmp/demo --json'],
  description:
    'Generates a synthetic GP-registered population (seeded, activity from 2021-04-01), writes it out\n' +
    'as a CSV extract and loads it back through the validator, summarises it, and runs every stage\n' +
    'available, writing into --out (default ./risk-stratify-output): publish/ holds what may be published\n' +
    '(suppressed CSV tables and report.html), internal/ what may not (exact JSON, case lists, models,\n' +
    'the extract sample, report-data.json); each has provenance.json and README.txt. --as-of is the\n' +
    "demo's 'today' (default: the end of the synthetic window). A list of what was written goes to\n" +
    'stderr; with --json the same list is printed on stdout as JSON.\n' +
    'Figures the synthetic data cannot support are shown as n/a (why), with their warnings beside the\n' +
    'headlines (a small --size gives models with few events per feature, and practices too small for\n' +
    'a top 2%: warned of, not fatal, since the demo shows the job, not a model to use).\n' +
    'Exit codes: 0 done; 4 the back-test has no AUROC (no events, or no non-events, in its year);\n' +
    '1 an error; 2 a usage mistake.',
  async run(ctx) {
    const size = ctx.number('size', 50_000);
    const practices = ctx.number('practices');
    const years = ctx.number('years', 3);
    if (!Number.isInteger(size) || size < 200) throw new UsageError(`--size must be a whole number of at least 200; got ${size}`);
    if (practices !== undefined && (!Number.isInteger(practices) || practices < 1 || practices > size / 50)) {
      throw new UsageError(`--practices must be a whole number from 1 to size/50; got ${practices}`);
    }
    if (!Number.isInteger(years) || years < 1 || years > 20) throw new UsageError(`--years must be a whole number from 1 to 20; got ${years}`);
    const evaluationSize = ctx.number('evaluation-size', 100_000);
    if (!Number.isInteger(evaluationSize) || evaluationSize < 2400) throw new UsageError(`--evaluation-size must be a whole number of at least 2400; got ${evaluationSize}`);
    const out = openOutput(ctx, ctx.common.out ?? ctx.path('risk-stratify-output'));
    const t0 = Date.now();
    const bar = ctx.progress('generating');
    const synthetic = generatePopulation({
      size, years, seed: ctx.common.seed, ...(practices !== undefined ? { practices } : {}), onProgress: bar,
    });
    bar.end();
    const { truth } = synthetic;
    const asOf = ctx.common.asOf ?? truth.endDate;
    if (asOf <= truth.startDate || asOf > truth.endDate) {
      throw new UsageError(`--as-of must fall inside the synthetic window ${formatDay(truth.startDate)} .. ${formatDay(truth.endDate)}; got ${formatDay(asOf)}`);
    }
    const result = runDemoSteps(ctx, synthetic, asOf, out);
    const seconds = (Date.now() - t0) / 1000;
    if (ctx.common.json) {
      ctx.printJSON({ out: out.dir, seconds, asOf: formatDay(asOf), headlines: result.headlines, files: out.written.map((f) => ({ path: f.path, what: f.what, bytes: f.bytes })) });
    } else {
      ctx.log(`risk-stratify demo: ${size} synthetic people in ${synthetic.population.practices.length} practices, activity ${formatDay(truth.startDate)} to ${formatDay(truth.endDate)} (seed ${ctx.common.seed}); as of ${formatDay(asOf)}`);
      for (const line of result.headlines) ctx.log(`  ${line}`);
      ctx.log(`wrote ${out.written.length} files to ${out.dir} in ${seconds.toFixed(1)} s:`);
      for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    return result.unsupported ? EXIT_UNSUPPORTED : 0;
  },
});

/** Runs every available stage, writing into `out`; returns headline lines for the summary. */
function runDemoSteps(ctx: CommandContext, synthetic: SyntheticPopulation, asOf: number, out: OutputDir): { headlines: string[]; unsupported: boolean } {
  const headlines: string[] = [];
  const rule = ctx.config.suppression;
  const { truth } = synthetic;

  // 1. Validate: write the population as a CSV extract and load it back through the validator,
  //    exactly as a site's extract is loaded. The rest of the demo runs on what was loaded.
  const bar = ctx.progress('validating');
  const extract = populationToExtract(synthetic.population, undefined, truth.endDate);
  const loaded = loadPopulation(
    { patients: extract.patients, activity: extract.activity, conditions: extract.conditions, ...(extract.medications ? { medications: extract.medications } : {}) },
    // The extract's window is what was generated: the extract taken on the window's end, activity from its start.
    { referenceDate: truth.endDate, activityFrom: truth.startDate, onProgress: bar },
  );
  bar.end();
  const population: Population = loaded.population;
  out.population(population);
  out.internal.json('validation.json', { summary: loaded.summary, rejected: loaded.rejected }, 'validation: rows in, accepted and rejected per source; every rejected row with its reason');
  const rowsIn = ['patients', 'activity', 'conditions', 'medications'].reduce((s, k) => s + (loaded.summary[k as 'patients'].rowsIn), 0);
  headlines.push(`validation: ${rowsIn} rows read, ${loaded.rejected.length} rejected`);

  // A small sample of the extract (opted-out people left out) to try `risk-stratify validate` on.
  const sampleIds = new Set<number>();
  for (let i = 0; i < population.size && sampleIds.size < 200; i++) if (!population.columns.optedOut[i]) sampleIds.add(i);
  const sample = populationToExtract(population, (i) => sampleIds.has(i));
  out.internal.text('sample-extract/patients.csv', sample.patients, 'a 200-person sample of the synthetic extract (opted-out people left out)');
  out.internal.text('sample-extract/activity.csv', sample.activity, 'its activity');
  out.internal.text('sample-extract/conditions.csv', sample.conditions, 'its long-term conditions');

  // 2. Population summary.
  const summary = summarisePopulation(population, { asOf });
  out.internal.json('population-summary.json', summary, 'population summary with exact counts');
  out.publish.table('population-summary.csv', populationSummaryTable(summary, rule), 'population summary: age-sex, deprivation, conditions, activity rates (suppressed; rates from the published counts)',
    POPULATION_SUMMARY_COLUMNS);
  const adm = summary.activity.find((a) => a.measure === 'emergency_admissions');
  headlines.push(`population: ${summary.people.registered} registered on ${summary.asOf}; ${adm ? adm.per1000PerYear.toFixed(0) : '?'} emergency admissions per 1,000 a year`);

  // 3. Features, segments, back-test, current model, cohorts and churn.
  const model = runModelSteps(ctx, population, truth.startDate, asOf, out);
  headlines.push(...model.headlines);

  // 4. The HTML report (and the data behind it, to re-render with `risk-stratify report`).
  const report: ReportData = {
    title: 'Risk stratification: synthetic demo population',
    generatedFor: `risk-stratify demo, ${population.size} synthetic people, seed ${ctx.common.seed}`,
    asOf: formatDay(asOf),
    notes: ['Synthetic data generated by risk-stratify; no real patient is described.'],
    provenance: provenanceLines(out.provenance),
    population: populationSection(summary, population, asOf),
    ...(model.segments.length ? { segments: model.segments } : {}),
  };
  if (model.current) {
    const cur = model.current;
    const thresholds = Object.entries(cur.cohorts).map(([name, c]) => ({ label: `${name} (lowest practice cut-off)`, value: Math.min(...c.groups.map((g) => g.threshold ?? Infinity)) })).filter((t) => Number.isFinite(t.value));
    report.risk = { bins: riskBins(cur.scores), thresholds };
    const first = Object.values(cur.cohorts)[0];
    if (first) report.caseloads = first.groups.map((g) => ({ practice: g.group, selected: g.selected, adults: g.eligible }));
    report.churn = Object.entries(cur.churn).map(([name, c]) => ({ period: `${name}: ${c.from} to ${c.to}`, entered: c.counts.entered, left: c.counts.left, stayed: c.counts.stayed }));
  }
  if (model.backTest) {
    const bt = model.backTest;
    Object.assign(report, performanceSections(bt.evaluation, bt.scores, bt.outcomes[ctx.config.outcome], bt.outcomes, rule));
    const note = [backTestNote(bt.testAsOf, addMonths(bt.testAsOf, ctx.config.horizonMonths), ctx.config.outcome)];
    report.sectionNotes = { ...report.sectionNotes, model: note, concentration: note };
  }
  headlines.push(...runActionSteps(ctx, population, truth.startDate, truth.endDate, model, out, report));
  out.internal.json('report-data.json', report, 'the data behind the report, with exact counts: NOT for publication (re-render with: risk-stratify report --input internal/report-data.json)');
  out.publish.html('report.html', renderReport(report, { suppression: { ...rule, suppressZero: false } }), 'the HTML report: one self-contained file, works offline, prints on A4 (counts suppressed)');
  return { headlines, unsupported: model.backTest !== undefined && (model.backTest.evaluation.auroc === null || model.backTest.evaluation.aurocCI === null) };
}
