// The monthly job run twice a month apart, through the library call and through
// `risk-stratify refresh --previous` (issue 14's "done when"): churn, reasons, the per-practice
// files, and no opted-out person in any file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation, parseDate, runMonthlyRefresh, scoreReasons, type MonthlyRefresh, type Population } from '../../src/index.js';
import { readPreviousRefresh } from '../../src/node.js';
import { filesUnder, idsIn, nhsStyleFacts, parseCsv, run, tempDir, writeNhsStyleSite, writeSyntheticExtract } from '../cli/helpers.js';

const optedOutIds = (p: Population): string[] => p.ids.filter((_, i) => p.columns.optedOut[i] === 1);

describe('runMonthlyRefresh twice, a month apart (library)', () => {
  const { population } = generatePopulation({ size: 6000, practices: 3, seed: 5 });
  const variants = [{ name: 'top2', topPercent: 2 }, { name: 'top5', topPercent: 5, capacity: 40 }];
  let march: MonthlyRefresh;
  let april: MonthlyRefresh;
  let excludedInApril: string;
  beforeAll(() => {
    march = runMonthlyRefresh(population, { asOf: '2024-02-01', model: { fit: true }, variants });
    // In April, one of March's top 2% is put on an exclusion list (say, already case-managed).
    excludedInApril = march.variants['top2']!.caseList[0]!.id;
    april = runMonthlyRefresh(population, { asOf: '2024-03-01', model: march.model, variants, previous: march.next, exclude: { alreadyCaseManaged: [excludedInApril] } });
  }, 60_000);

  it('fits on the latest complete horizon inside the extract, not after the as-of date, and says there is no evaluation yet (a warning, not a number)', () => {
    expect(march.fitted?.asOf).toBe('2023-02-01'); // the as-of date 2024-02-01 minus 12 months (the extract ends 2024-04-01)
    expect(march.fitted?.outcomeTo).toBe('2024-02-01');
    expect(april.evaluation).toBeNull();
    expect(april.warnings.map((w) => w.code)).toContain('outcomes_not_observed');
  });

  it('churn: new + stayed = this month, stayed + left = last month; the case list says new or stayed accordingly', () => {
    for (const name of ['top2', 'top5']) {
      const v = april.variants[name]!;
      const c = v.churn!.counts;
      expect(c.entered + c.stayed).toBe(v.caseList.length);
      expect(c.stayed + c.left).toBe(march.variants[name]!.caseList.length);
      expect(v.caseList.filter((r) => r.status === 'new').map((r) => r.id).sort()).toEqual([...v.churn!.entered].sort());
      expect(v.caseList.filter((r) => r.status === 'stayed').length).toBe(c.stayed);
      expect(c.entered).toBeGreaterThan(0);
    }
    expect(march.variants['top2']!.caseList.every((r) => r.status === 'no previous run')).toBe(true);
  });

  it('each leaver has a reason that the records bear out', () => {
    const v = april.variants['top2']!;
    const asOf = parseDate('2024-03-01')!;
    const cut = new Map(v.caseloads.map((c) => [c.practice, c.cutOffPercent]));
    expect(v.leavers.find((l) => l.id === excludedInApril)).toMatchObject({ reason: 'excluded by a list', detail: 'alreadyCaseManaged' });
    for (const l of v.leavers) {
      const r = population.indexOf(l.id);
      if (l.reason === 'died') expect(population.columns.deathDate[r]!).toBeLessThanOrEqual(asOf);
      else if (l.reason === 'left the practice') expect(population.columns.registeredTo[r]!).toBeLessThanOrEqual(asOf);
      else if (l.reason === 'fell below the cut-off') expect(l.riskPercent!).toBeLessThanOrEqual(cut.get(l.practice)!);
      else expect(['excluded by a list', 'over capacity', 'no longer eligible']).toContain(l.reason);
    }
    expect(v.leavers.some((l) => l.reason === 'fell below the cut-off')).toBe(true);
  });

  it('a person back on the list after a month off is "returned"', () => {
    const v = april.variants['top2']!;
    const back = v.caseList[0]!.id;
    // Pretend last month's list lacked them but an earlier one had them.
    const previous = { asOf: '2024-02-01', variants: { top2: { ids: march.next.variants['top2']!.ids.filter((id) => id !== back), everSelected: [back] } } };
    const again = runMonthlyRefresh(population, { asOf: '2024-03-01', model: march.model, variants: [variants[0]!], previous, exclude: { alreadyCaseManaged: [excludedInApril] } });
    expect(again.variants['top2']!.caseList.find((r) => r.id === back)!.status).toBe('returned');
  });

  it('reasons: the top three are the largest positive contributions, and all contributions add up to logit(score) - the mean person', () => {
    const v = april.variants['top2']!;
    const all = scoreReasons(april.model, april.features, { rows: v.cohort.selected.scoreIndex, top: 50 });
    v.caseList.forEach((row, k) => {
      const p = all.people[k]!;
      const s = v.cohort.selected.score[k]!;
      expect(p.contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.log(s / (1 - s)) - all.meanLogOdds, 8);
      expect(row.reasons.map((x) => x.group)).toEqual(p.reasons.slice(0, 3).map((x) => x.group));
      expect(row.reason1).toMatch(/\(odds x\d/);
    });
    // The case list's columns.
    const row = v.caseList[0]!;
    expect(row.riskPercent).toBe(Math.round(v.cohort.selected.score[0]! * 1000) / 10);
    expect(row.riskBand).toMatch(/^(very high|high|raised|moderate|low)/);
    expect(['18-44', '45-64', '65-74', '75-84', '85+']).toContain(row.ageBand);
  });

  it('caseloads: selected per practice add up to the case list, and capacity holds', () => {
    for (const v of Object.values(april.variants)) {
      expect(v.caseloads.reduce((s, c) => s + c.selected, 0)).toBe(v.caseList.length);
    }
    for (const c of april.variants['top5']!.caseloads) expect(c.selected).toBeLessThanOrEqual(40);
    expect(april.variants['top5']!.caseloads.some((c) => c.capacity === 40)).toBe(true);
  });

  it('no opted-out person is on a case list, a leavers list or the state kept for next month', () => {
    const out = new Set(optedOutIds(population));
    expect(out.size).toBeGreaterThan(0);
    for (const r of [march, april]) {
      for (const v of Object.values(r.variants)) {
        for (const x of [...v.caseList, ...v.leavers]) expect(out.has(x.id)).toBe(false);
      }
      for (const s of Object.values(r.next.variants)) for (const id of [...s.ids, ...(s.everSelected ?? [])]) expect(out.has(id)).toBe(false);
    }
  });

  it('evaluates where the year after the as-of date is inside the extract (a back-test: fitted on the year before)', () => {
    const back = runMonthlyRefresh(population, { asOf: '2023-04-01', model: { fit: true }, variants: [variants[0]!] });
    expect(back.fitted).toMatchObject({ asOf: '2022-04-01', outcomeTo: '2023-04-01' });
    expect(back.evaluation?.auroc).toBeGreaterThan(0.6);
    expect(back.evaluation?.outcomeWindow).toMatchObject({ asOf: '2023-04-01', end: '2024-04-01' });
    expect(back.warnings.map((w) => w.code)).not.toContain('outcomes_not_observed');
  });
});

describe('risk-stratify refresh --previous, twice a month apart (command)', () => {
  const dir = tempDir('rs-refresh-');
  let population: Population;
  const r: Record<string, { code: number; out: string; err: string }> = {};
  beforeAll(async () => {
    population = writeSyntheticExtract(dir, { size: 6000, practices: 3, seed: 5 });
    const site = ['--config', join(dir, 'site.json')];
    r['march'] = await run(['refresh', ...site, '--as-of', '2024-02-01', '--out', join(dir, 'output', '2024-02')]);
    r['april'] = await run(['refresh', ...site, '--as-of', '2024-03-01', '--previous', join(dir, 'output', '2024-02'), '--model', join(dir, 'output', '2024-02', 'internal', 'model.json')]);
  }, 120_000);

  it('writes this month next to last month\'s, with churn read from the previous folder', () => {
    expect(r['march']!.code, r['march']!.err).toBe(0);
    expect(r['april']!.code, r['april']!.err).toBe(0);
    const april = join(dir, 'output', '2024-03', 'internal');
    expect(existsSync(join(april, 'refresh-state.json'))).toBe(true);
    expect(r['april']!.out).toMatch(/churn since 2024-02-01/);
    const state = readPreviousRefresh(join(dir, 'output', '2024-03'));
    const before = readPreviousRefresh(join(dir, 'output', '2024-02'));
    const list = parseCsv(readFileSync(join(april, 'case-list-top2.csv'), 'utf8').split('\r\n').slice(1).join('\r\n'));
    expect(list.header.slice(0, 5)).toEqual(['pseudonymised id', 'practice', 'rank', 'risk %', 'risk band']);
    const status = list.header.indexOf('this month');
    const ids = list.rows.map((x) => x[0]!);
    expect(ids.sort()).toEqual([...state.variants['top2']!.ids].sort());
    const last = new Set(before.variants['top2']!.ids);
    for (const row of list.rows) expect(row[status]).toBe(last.has(row[0]!) ? 'stayed' : 'new');
    const leavers = parseCsv(readFileSync(join(april, 'leavers-top2.csv'), 'utf8').split('\r\n').slice(1).join('\r\n'));
    for (const row of leavers.rows) {
      expect(last.has(row[0]!)).toBe(true);
      expect(ids).not.toContain(row[0]);
      expect(['died', 'left the practice', 'fell below the cut-off', 'excluded by a list', 'over capacity', 'no longer eligible']).toContain(row[2]);
    }
    expect(list.rows.every((x) => /\(odds x\d/.test(x[list.header.indexOf('reason 1')]!))).toBe(true);
  });

  it('per practice: a CSV and an A4 page with only that practice\'s people, against its caseload, marked not for publication', () => {
    const april = join(dir, 'output', '2024-03', 'internal');
    const list = parseCsv(readFileSync(join(april, 'case-list-top2.csv'), 'utf8').split('\r\n').slice(1).join('\r\n'));
    const byPractice = new Map<string, string[]>();
    for (const row of list.rows) (byPractice.get(row[1]!) ?? byPractice.set(row[1]!, []).get(row[1]!)!).push(row[0]!);
    expect(byPractice.size).toBe(3);
    for (const [practice, ids] of byPractice) {
      const html = readFileSync(join(april, 'practices', practice, 'case-list-top2.html'), 'utf8');
      const csv = readFileSync(join(april, 'practices', practice, 'case-list-top2.csv'), 'utf8');
      expect(html).toContain('NOT FOR PUBLICATION');
      expect(csv.split('\r\n')[0]).toMatch(/NOT FOR PUBLICATION/);
      expect(html).toContain('@page { size: A4');
      expect((html.match(/<table/g) ?? []).length).toBe(1);
      expect(html).toContain(`Caseload: <strong>${ids.length}</strong>`);
      expect(idsIn(html, ids)).toEqual(ids);
      const others = [...byPractice].filter(([p]) => p !== practice).flatMap(([, x]) => x);
      expect(idsIn(html, others)).toEqual([]);
      expect(idsIn(csv, others)).toEqual([]);
    }
  });

  it('--exclude NAME=FILE in the second month: that person leaves with the reason "excluded by a list"', async () => {
    const before = readPreviousRefresh(join(dir, 'output', '2024-02'));
    const someone = before.variants['top2']!.ids[0]!;
    writeFileSync(join(dir, 'case-managed.csv'), `id\n${someone}\n`);
    const x = await run(['refresh', '--config', join(dir, 'site.json'), '--as-of', '2024-03-01', '--previous', join(dir, 'output', '2024-02'), '--exclude', `alreadyCaseManaged=${join(dir, 'case-managed.csv')}`, '--out', join(dir, 'output', '2024-03-excl')]);
    expect(x.code, x.err).toBe(0);
    const leavers = parseCsv(readFileSync(join(dir, 'output', '2024-03-excl', 'internal', 'leavers-top2.csv'), 'utf8').split('\r\n').slice(1).join('\r\n'));
    expect(leavers.rows.find((row) => row[0] === someone)?.slice(2, 4)).toEqual(['excluded by a list', 'alreadyCaseManaged']);
  }, 60_000);

  it('no opted-out person\'s id appears in any file either month wrote, nor on stdout or stderr', () => {
    const out = optedOutIds(population);
    expect(out.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const month of ['2024-02', '2024-03']) {
      for (const f of filesUnder(join(dir, 'output', month))) for (const id of idsIn(readFileSync(f, 'utf8'), out)) found.push(`${f}: ${id}`);
    }
    for (const x of Object.values(r)) for (const id of [...idsIn(x.out, out), ...idsIn(x.err, out)]) found.push(`stdout/stderr: ${id}`);
    expect(found).toEqual([]);
  });
});

describe('risk-stratify refresh on an NHS-style extract (nhs_pseudo_id, national_opt_out, dates with times)', () => {
  const facts = nhsStyleFacts();
  const dir = tempDir('rs-refresh-nhs-');
  const r: Array<{ code: number; out: string; err: string }> = [];
  beforeAll(async () => {
    writeNhsStyleSite(dir, { variants: [{ name: 'top5', topPercent: 5 }, { name: 'top20', topPercent: 20 }] });
    const site = ['--config', join(dir, 'site.json')];
    r.push(await run(['refresh', ...site, '--as-of', '2025-02-28', '--out', join(dir, 'out', '2025-02')]));
    r.push(await run(['refresh', ...site, '--as-of', '2025-03-31', '--previous', join(dir, 'out', '2025-02')]));
  }, 120_000);

  it('runs both months, writes the second beside the first, and no opted-out id is in any file', () => {
    for (const x of r) expect([0, 4], x.err).toContain(x.code);
    expect(existsSync(join(dir, 'out', '2025-03', 'internal', 'case-list-top20.csv'))).toBe(true);
    expect(existsSync(join(dir, 'out', '2025-03', 'internal', 'leavers-top20.csv'))).toBe(true);
    const found: string[] = [];
    for (const f of [...filesUnder(join(dir, 'out', '2025-02')), ...filesUnder(join(dir, 'out', '2025-03'))]) {
      for (const id of idsIn(readFileSync(f, 'utf8'), facts.optedOut)) found.push(`${f}: ${id}`);
    }
    for (const x of r) for (const id of [...idsIn(x.out, facts.optedOut), ...idsIn(x.err, facts.optedOut)]) found.push(`output: ${id}`);
    expect(found).toEqual([]);
  });
});
