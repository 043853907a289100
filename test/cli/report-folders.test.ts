// `risk-stratify report DIR` on a site's own run: every command run on the NHS-shaped extract
// (test/fixtures/extract/nhs-style: NHS column names, dd/mm/yyyy dates with times, an extract
// date) writes its published report input, and the report built from the run folder has every
// section a site's commands can give, says why the matched evaluation is not there, prints no
// NaN or undefined and no person's id, and reads well in Chromium. Wrong or partial inputs get a
// clear error or a report that names what is missing, never an empty page with exit 0.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir, parseCsv, syntheaDir } from './helpers.js';
import { layoutProblems } from '../helpers/layout-problems.js';

const FIXTURE = join(__dirname, '../fixtures/extract/nhs-style');
const dir = tempDir('rs-cli-report-folders-');
const runDir = join(dir, 'run');
const site = (): string[] => ['--config', join(dir, 'site.json')];
/** Every id in the extract (opted-out people included): none may reach a published file. */
const ids = parseCsv(readFileSync(join(FIXTURE, 'patients.csv'), 'utf8')).rows.map((r) => r[0]!).filter((id) => id.length > 0);

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
const idsIn = (text: string): string[] => ids.filter((id) => new RegExp(`(^|[^0-9A-Za-z])${id}([^0-9A-Za-z]|$)`).test(text));

const STEPS: Array<{ name: string; argv: string[] }> = [
  { name: 'fit', argv: ['fit', '--as-of', '2024-03-31', '--out', join(dir, 'model')] },
  { name: 'segment', argv: ['segment', '--as-of', '2024-03-31', '--outcomes', '--out', join(runDir, 'segment')] },
  { name: 'cohort', argv: ['cohort', '--model', join(dir, 'model'), '--as-of', '2025-03-31', '--top', '2,5', '--out', join(runDir, 'cohort')] },
  { name: 'evaluate', argv: ['evaluate', '--model', join(dir, 'model'), '--as-of', '2024-03-31', '--out', join(runDir, 'evaluate')] },
  { name: 'compare', argv: ['compare', '--model', join(dir, 'model'), '--as-of', '2024-03-31', '--out', join(runDir, 'compare')] },
  { name: 'monitor', argv: ['monitor', '--from', '2022-04-01', '--to', '2025-03-31', '--per', 'practice', '--baseline', '12', '--target', 'bedDaysPer1000=40', '--out', join(runDir, 'monitor')] },
];

let report: { code: number; out: string; err: string };
let html = '';

beforeAll(async () => {
  for (const f of ['patients.csv', 'activity.csv', 'conditions.csv']) copyFileSync(join(FIXTURE, f), join(dir, f));
  writeFileSync(join(dir, 'site.json'), JSON.stringify({
    inputs: {
      patients: 'patients.csv', activity: 'activity.csv', conditions: 'conditions.csv', extractDate: '2025-03-31',
      columns: { patients: { id: 'nhs_pseudo_id', practiceId: 'practice_code' } },
      conditionCodes: { HF: 'heart_failure', DM: 'diabetes', HYP: 'hypertension', '195967001': 'asthma' },
    },
  }));
  for (const s of STEPS) {
    const r = await run([...s.argv.slice(0, 1), ...site(), ...s.argv.slice(1)]);
    expect([0, 4], `${s.name}: ${r.err}`).toContain(r.code);
  }
  report = await run(['report', runDir, '--title', 'NHS-style extract: North MDT']);
  html = existsSync(join(runDir, 'report/publish/report.html')) ? readFileSync(join(runDir, 'report/publish/report.html'), 'utf8') : '';
}, 240_000);

describe('risk-stratify report DIR on a run on an NHS-shaped extract', () => {
  it('each command wrote its published report input beside its outputs', () => {
    for (const c of ['segment', 'cohort', 'evaluate', 'compare', 'monitor']) {
      const f = join(runDir, c, 'publish', `report-input-${c}.json`);
      expect(existsSync(f), f).toBe(true);
      const doc = JSON.parse(readFileSync(f, 'utf8'));
      expect(doc.format).toBe('risk-stratify published report input');
      expect(doc.suppression).toEqual({ threshold: 7, roundTo: 5, suppressZero: false });
      const prov = JSON.parse(readFileSync(join(runDir, c, 'publish/provenance.json'), 'utf8'));
      expect(prov.files.map((x: { name: string }) => x.name)).toContain(`report-input-${c}.json`);
    }
  });

  it('every count in a published report input is suppressed: null, 0, or a multiple of 5 above 7', () => {
    const bad: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        if (['people', 'adults', 'optedOut', 'emergencyAdmissions', 'bedDays', 'n', 'events', 'selected', 'capacity', 'entered', 'left', 'stayed'].includes(k) && typeof x === 'number' && x !== 0 && !(x > 7 && x % 5 === 0)) bad.push(`${path}.${k} = ${x}`);
        else walk(x, `${path}.${k}`);
      }
    };
    let nulls = 0;
    for (const c of ['segment', 'cohort', 'evaluate', 'compare', 'monitor']) {
      const text = readFileSync(join(runDir, c, 'publish', `report-input-${c}.json`), 'utf8');
      nulls += (text.match(/: null/g) ?? []).length;
      walk(JSON.parse(text).input, c);
    }
    expect(bad).toEqual([]);
    expect(nulls).toBeGreaterThan(0); // 162 people: many cells are suppressed
  });

  it('builds the full report: exit 0, every section a site\'s commands give, the missing one named with why', () => {
    expect(report.code, report.err).toBe(0);
    const sections = [...html.matchAll(/<section class="report-section" id="section-([a-z]+)"/g)].map((m) => m[1]);
    expect(sections).toEqual(['population', 'segments', 'risk', 'model', 'concentration', 'variants', 'caseloads', 'churn', 'spc', 'dashboard']);
    expect(html).toContain('<aside class="missing"');
    expect(html).toMatch(/Matched evaluation of case management<\/strong>: no command runs the matched evaluation on a site&#39;s own data/);
    expect(html).toContain('NHS-style extract: North MDT');
    // back-test dates, assumed effects and costs are stated where they are used
    expect(html).toContain('Back-test: the model scored everyone registered on 2024-03-31; emergency admissions counted from 2024-03-31 to 2025-03-31.');
    expect(html).toMatch(/Assumed effect of case management: 0% \(low\) to 20% \(high\)/);
    expect(html).toMatch(/Costs assumed: £[\d,]+ per person-year/);
  });

  it('monitor --per practice gives the SPC matrix (a row per practice and measure, the bed-days target and its assurance icon) and the per-practice dashboard', () => {
    const spc = html.match(/<section class="report-section" id="section-spc"[\s\S]*?<\/section>/)![0];
    const matrix = spc.match(/<table class="spc-matrix">[\s\S]*?<\/table>/)![0];
    expect(spc.indexOf('spc-matrix')).toBeLessThan(spc.indexOf('data-chart="spc"'));
    const rows = [...matrix.matchAll(/<tr><th scope="row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(rows.length).toBe((spc.match(/data-chart="spc"/g) ?? []).length); // one row per chart drawn
    expect(rows.length).toBeGreaterThanOrEqual(6); // practices x 3 measures
    expect(rows.every((r) => /data-icon="variation"|<td class="icon">–<\/td>/.test(r))).toBe(true);
    const bed = rows.filter((r) => r.startsWith('Emergency bed days'));
    expect(bed.length).toBeGreaterThan(0);
    for (const r of bed) expect(r).toMatch(/<td class="num">40<\/td>/);
    expect(bed.some((r) => /data-icon="assurance"/.test(r))).toBe(true);
    const dash = html.match(/<section class="report-section" id="section-dashboard"[\s\S]*?<footer>/)![0];
    expect(dash).toMatch(/<h3>Site [A-Z0-9]+<\/h3>/);
    expect((dash.match(/<section class="site-metric" data-metric="(emergencyAdmissionsPer1000|bedDaysPer1000)"/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(dash).toMatch(/practices/); // the note saying which are shown
    expect(html).toContain('<a href="#section-dashboard">Site dashboard</a>');
  });

  it('prints no NaN, undefined, Infinity or code name, and no person\'s id anywhere in the report or the published files', () => {
    const text = html.replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(/\bNaN\b|\bundefined\b|Infinity|\bnull\b/);
    // (the provenance quotes the command lines as typed: --target bedDaysPer1000=40)
    expect(html.replace(/<p class="note provenance">[\s\S]*?<\/p>/, '').replace(/<[^>]+>/g, ' ')).not.toMatch(/\bbedDays\b|\bemergencyAdmissions\b|\baeAttendances\b|Per1000\b/);
    expect(ids.length).toBe(162);
    const found: string[] = [];
    for (const f of filesUnder(runDir).filter((p) => p.includes('/publish/'))) for (const id of idsIn(readFileSync(f, 'utf8'))) found.push(`${f}: ${id}`);
    expect(found).toEqual([]);
    // control: the search finds ids where they are (the internal case list)
    expect(idsIn(readFileSync(join(runDir, 'cohort/internal/cohort-top5.csv'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('reads well in Chromium at 1,400 px and on A4', async () => {
    if (!existsSync('/usr/bin/chromium')) return;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      for (const [width, media] of [[1400, 'screen'], [794, 'print']] as const) {
        const page = await browser.newPage({ viewport: { width, height: 1000 } });
        await page.emulateMedia({ media });
        await page.setContent(html, { waitUntil: 'load' });
        const p = await layoutProblems(page);
        expect(p.scrollWidth).toBeLessThanOrEqual(width);
        expect(p.overflowing).toEqual([]);
        expect(p.overlappingLabels).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('risk-stratify report: wrong or partial input', () => {
  it('a folder with only monitoring gives a report of that section that lists the others as missing, with the command that writes each', async () => {
    const out = join(dir, 'partial');
    const r = await run(['report', join(runDir, 'monitor'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    const h = readFileSync(join(out, 'publish/report.html'), 'utf8');
    expect([...h.matchAll(/<section class="report-section" id="section-([a-z]+)"/g)].map((m) => m[1])).toEqual(['spc', 'dashboard']);
    expect(h).toContain("Variant comparison</strong>: no &#39;compare&#39; output in this folder (run &#39;risk-stratify compare ... --out DIR&#39; to add it)");
    expect(h).toContain("Model performance: discrimination and calibration</strong>: no &#39;evaluate&#39; output");
  });

  it('a folder with no report input is an error naming the folder and what to run, and writes nothing', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = await run(['report', empty]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/holds no report input .*run refresh, segment, cohort, evaluate, compare or monitor with --out/);
    expect(existsSync(join(empty, 'report'))).toBe(false);
  });

  it('report --input on another command\'s output (evaluation.json, variant-comparison.json) is a clear error, not an empty page', async () => {
    for (const f of [join(runDir, 'evaluate/internal/evaluation.json'), join(runDir, 'compare/internal/variant-comparison.json')]) {
      const out = join(dir, 'wrong');
      const r = await run(['report', '--input', f, '--out', out]);
      expect(r.code, f).toBe(1);
      expect(r.err).toMatch(/is not report data \(it has '.+ which report data never has\): build the report from the folder the command wrote, with risk-stratify report DIR/);
      expect(existsSync(join(out, 'publish/report.html'))).toBe(false);
    }
    const none = join(dir, 'none.json');
    writeFileSync(none, JSON.stringify({ title: 'Nothing' }));
    const r = await run(['report', '--input', none, '--out', join(dir, 'wrong')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/has none of the report's sections/);
  });

  it('report --input still renders one published report input file', async () => {
    const r = await run(['report', '--input', join(runDir, 'evaluate/publish/report-input-evaluate.json'), '--out', join(dir, 'one')]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'one/publish/report.html'), 'utf8')).toContain('id="section-model"');
  });
});

describe('risk-stratify report over several months', () => {
  it('puts every month\'s churn together, oldest first, and shows the model\'s performance over time', async () => {
    const months = ['2025-01-31', '2025-03-31'];
    for (const asOf of months) {
      for (const [cmd, extra] of [['cohort', ['--top', '2,5']], ['evaluate', []]] as const) {
        const at = cmd === 'evaluate' ? `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}` : asOf;
        const r = await run([cmd, ...site(), '--model', join(dir, 'model'), '--as-of', at, ...extra, '--out', join(dir, 'months', asOf.slice(0, 7), cmd)]);
        expect([0, 4], r.err).toContain(r.code);
      }
    }
    // given newest first: the report still orders the months by date
    const out = join(dir, 'months-report');
    const r = await run(['report', join(dir, 'months/2025-03'), join(dir, 'months/2025-01'), '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const h = readFileSync(join(out, 'publish/report.html'), 'utf8');
    const periods = [...h.matchAll(/<tr><th scope="row">(top[25]: [\d-]+ to [\d-]+)<\/th>/g)].map((m) => m[1]);
    expect(periods).toEqual(['top2: 2024-12-31 to 2025-01-31', 'top5: 2024-12-31 to 2025-01-31', 'top2: 2025-02-28 to 2025-03-31', 'top5: 2025-02-28 to 2025-03-31']);
    expect(h).toContain('Model performance over time');
    expect(h).toContain('As of 2025-03-31');
    expect(JSON.parse(r.out).read.length).toBe(4);
  });
});

const synthea = syntheaDir();
describe.skipIf(synthea === undefined)('risk-stratify report DIR on a run on the Synthea export (83 practices of one or two people)', () => {
  it('every section the commands give is there, each small figure suppressed or a named gap, never NaN or undefined', async () => {
    const input = ['--synthea', synthea!, '--extract-date', '2023-10-16'];
    const root = join(dir, 'synthea');
    const model = join(root, 'model');
    const steps: string[][] = [
      ['fit', ...input, '--as-of', '2017-01-01', '--out', model],
      ['segment', ...input, '--as-of', '2019-01-01', '--outcomes', '--out', join(root, 'run/segment')],
      ['cohort', ...input, '--model', model, '--as-of', '2023-10-01', '--out', join(root, 'run/cohort')],
      ['evaluate', ...input, '--model', model, '--as-of', '2018-01-01', '--out', join(root, 'run/evaluate')],
      ['compare', ...input, '--model', model, '--as-of', '2018-01-01', '--out', join(root, 'run/compare')],
      ['monitor', ...input, '--from', '2021-10-01', '--to', '2023-09-30', '--out', join(root, 'run/monitor')],
    ];
    for (const argv of steps) {
      const r = await run(argv);
      expect([0, 4], `${argv[0]}: ${r.err}`).toContain(r.code);
    }
    const r = await run(['report', join(root, 'run')]);
    expect(r.code, r.err).toBe(0);
    const h = readFileSync(join(root, 'run/report/publish/report.html'), 'utf8');
    // 2 events in the back-test year: no share of admissions can be published, and the report says so
    expect([...h.matchAll(/<section class="report-section" id="section-([a-z]+)"/g)].map((m) => m[1]))
      .toEqual(['population', 'segments', 'risk', 'model', 'variants', 'caseloads', 'churn', 'spc']);
    expect(h).toContain('Concentration of hospital use</strong>: too few emergency admissions to publish: every share would be of a suppressed count');
    expect(h.replace(/<[^>]+>/g, ' ')).not.toMatch(/\bNaN\b|\bundefined\b|Infinity/);
  }, 180_000);
});
