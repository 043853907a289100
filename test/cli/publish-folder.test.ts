// What the command publishes, checked as an outsider would: every file under publish/ of the
// demo and of segment, evaluate, monitor and compare on a small extract has no count from 1 to
// 7, no number with more decimals than its kind, no id column and no person's id; the segment
// summary's shares (once printed to 17 digits) and its counts give no suppressed cell back;
// and the SPC charts published beside the monthly series give no suppressed month back.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMonthlySeries } from '../../src/compare/index.js';
import { publishSpc } from '../../src/compare/publish-spc.js';
import { PUBLISHED_DECIMALS, type PublishedKind } from '../../src/compare/published-number.js';
import { loadPopulation } from '../../src/data/index.js';
import { attackIntervals, type AttackLine, type Shown } from '../compare/helpers/attack-table.js';
import { parseCsv, run, tempDir, writeSyntheticExtract } from './helpers.js';

const dir = tempDir('rs-cli-publish-');
const ID_HEADER = /^(id|ids|patient_?id|person_?id|pseudo_?id|nhs_?(pseudo_?)?(id|number))$/i;
let ids: Set<string>;

beforeAll(async () => {
  const population = writeSyntheticExtract(dir, { size: 2400, practices: 3, seed: 11 });
  ids = new Set(population.ids);
  const site = ['--config', join(dir, 'site.json')];
  const runs: string[][] = [
    ['demo', '--size', '3000', '--evaluation-size', '3000', '--out', join(dir, 'demo')],
    ['fit', ...site, '--as-of', '2023-04-01', '--out', join(dir, 'model')],
    ['segment', ...site, '--as-of', '2023-04-01', '--outcomes', '--out', join(dir, 'segment')],
    ['evaluate', ...site, '--model', join(dir, 'model'), '--as-of', '2023-04-01', '--out', join(dir, 'evaluate')],
    ['monitor', ...site, '--from', '2021-04-01', '--to', '2024-03-31', '--per', 'practice', '--measures', 'emergencyAdmissionsPer1000,avoidableAdmissionsPer1000', '--out', join(dir, 'monitor')],
    ['compare', ...site, '--model', join(dir, 'model'), '--as-of', '2023-04-01', '--out', join(dir, 'compare')],
    ['cohort', ...site, '--model', join(dir, 'model'), '--as-of', '2024-03-01', '--out', join(dir, 'cohort')],
  ];
  for (const argv of runs) {
    const r = await run(argv);
    if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.err}`);
  }
}, 600_000);

const RUNS = ['demo', 'model', 'segment', 'evaluate', 'monitor', 'compare', 'cohort'];

/** Checks one published CSV against the kinds its folder's provenance declares. */
function checkCsv(folder: string, name: string, kinds: Record<string, PublishedKind>): void {
  const { header, rows } = parseCsv(readFileSync(join(folder, name), 'utf8'));
  for (const h of header) expect(ID_HEADER.test(h), `${name}: id column ${h}`).toBe(false);
  for (const row of rows) {
    row.forEach((cell, j) => {
      const col = header[j]!;
      expect(ids.has(cell), `${name}: a person's id ${cell}`).toBe(false);
      if (cell === '' || cell === '*' || !/^-?\d+(\.\d+)?$/.test(cell)) return;
      const kind = kinds[col];
      if (kind === 'count') {
        const n = Number(cell);
        expect(n === 0 || (n > 7 && n % 5 === 0), `${name}: ${col} = ${cell} is not suppressed`).toBe(true);
      }
      const decimals = (cell.split('.')[1] ?? '').length;
      expect(decimals, `${name}: ${col} = ${cell}`).toBeLessThanOrEqual(kind ? PUBLISHED_DECIMALS[kind] : 3);
      if (kind === 'percent' || kind === 'rate') expect(decimals, `${name}: ${col} = ${cell}`).toBeLessThanOrEqual(1);
    });
  }
}

describe('publish/: what every command publishes', () => {
  it.each(RUNS)('%s: publish/ holds only suppressed tables, the report and the provenance; internal/ says it is not for publication', (r) => {
    const out = join(dir, r);
    const pub = join(out, 'publish');
    if (!existsSync(pub)) {
      // fit publishes nothing: models are internal
      expect(r).toBe('model');
      expect(readdirSync(out)).toEqual(['internal']);
      return;
    }
    const prov = JSON.parse(readFileSync(join(pub, 'provenance.json'), 'utf8'));
    expect(prov.forPublication).toBe(true);
    expect(prov.producedBy.name).toBe('risk-stratify');
    expect(prov.runDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(prov.command).toMatch(new RegExp(`^risk-stratify ${r} `));
    expect(prov.command).not.toContain(dir); // paths reduced to names
    expect(prov.extract.optOuts).toBe('column');
    expect(prov.extract.extractDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(prov.suppression).toMatchObject({ threshold: 7, roundTo: 5, secondary: 'lines' });
    expect(readFileSync(join(pub, 'README.txt'), 'utf8')).toMatch(/^publish\/: FOR PUBLICATION/);
    const internal = join(out, 'internal');
    expect(JSON.parse(readFileSync(join(internal, 'provenance.json'), 'utf8')).forPublication).toBe(false);
    expect(readFileSync(join(internal, 'README.txt'), 'utf8')).toMatch(/^internal\/: NOT FOR PUBLICATION/);
    const files = readdirSync(pub).sort();
    const listed = new Map<string, { columns?: Record<string, PublishedKind> }>(prov.files.map((f: { name: string }) => [f.name, f]));
    for (const f of files) {
      if (f === 'provenance.json' || f === 'README.txt') continue;
      expect(listed.has(f), `${r}/publish/${f} is not in its provenance`).toBe(true);
      if (f.endsWith('.csv')) checkCsv(pub, f, listed.get(f)!.columns ?? {});
      else if (f === `report-input-${r}.json`) {
        // the report's input, published: counts suppressed (null), other numbers to 3 decimals, no id
        const text = readFileSync(join(pub, f), 'utf8');
        expect(JSON.parse(text).suppression).toEqual({ threshold: 7, roundTo: 5, suppressZero: false });
        for (const m of text.matchAll(/"(?:people|adults|optedOut|emergencyAdmissions|bedDays|n|events|selected|capacity|entered|left|stayed)": (\d+)/g)) {
          const n = Number(m[1]);
          expect(n === 0 || (n > 7 && n % 5 === 0), `${f}: count ${m[0]}`).toBe(true);
        }
        expect(text.match(/\d\.\d{4,}/g), `${f}: a number with more than 3 decimals`).toBeNull();
        for (const id of text.match(/\bS\d{7}\b/g) ?? []) expect(ids.has(id), `${f}: id ${id}`).toBe(false);
      } else {
        expect(f).toBe('report.html');
        const html = readFileSync(join(pub, f), 'utf8');
        for (const m of html.matchAll(/class="(?:num )?count">([^<]*)</g)) {
          const n = Number(m[1]!.replace(/,/g, ''));
          expect(m[1] === '*' || n === 0 || (n > 7 && n % 5 === 0), `report count ${m[1]}`).toBe(true);
        }
        expect(html.match(/\d\.\d{4,}/g), 'a number with more than 3 decimals').toBeNull();
        expect(html).toContain('class="note provenance"');
        expect(html).toContain('Opt-outs: column');
        for (const id of html.match(/\bS\d{7}\b/g) ?? []) expect(ids.has(id), `report.html: id ${id}`).toBe(false);
      }
    }
  });

  it('the guard: a table with an unsuppressed count, an id column or 17 digits cannot be written to publish/', async () => {
    const { OutputDir } = await import('../../src/cli/output.js');
    const { suppressSmallNumbers } = await import('../../src/compare/index.js');
    const out = new OutputDir(tempDir(), { command: 'test', argv: [], options: {}, rule: { threshold: 7, roundTo: 5 } });
    const ok = suppressSmallNumbers([{ area: 'A', n: 3 }, { area: 'B', n: 40 }, { area: 'C', n: 52 }]);
    expect(() => out.publish.table('ok.csv', ok, 'fine')).not.toThrow();
    expect(() => out.publish.table('raw.csv', { rows: [{ area: 'A', n: 3 }], note: ok.note }, 'raw')).toThrow(/count column 'n' holds 3/);
    expect(() => out.publish.table('ids.csv', suppressSmallNumbers([{ id: 'S0000001', n: 40 }]), 'ids')).toThrow(/column 'id' holds person ids/);
    const formatted = suppressSmallNumbers([{ n: 40, share: 1 / 3 }], { format: { share: 'percent' } });
    expect(formatted.rows[0]!['share']).toBe(0.3);
    expect(() => out.publish.table('digits.csv', { rows: [{ n: 40, share: 1 / 3 }], note: formatted.note }, 'digits')).toThrow(/share.*more than 1 decimal/);
    expect(() => out.publish.table('off.csv', suppressSmallNumbers([{ n: 3 }], { threshold: 0, roundTo: 1 }), 'off')).toThrow(/suppresses nothing/);
    expect(() => out.publish.html('r.html', '<html>no disclosure note</html>', 'report')).toThrow(/suppression/);
  });
});

describe('segment-summary.csv: the 17-digit share attack no longer works', () => {
  /** The published segment x practice table as the attacker reads it. */
  function published(): { header: string[]; rows: string[][]; col: (name: string) => number } {
    const { header, rows } = parseCsv(readFileSync(join(dir, 'segment/publish/segment-summary.csv'), 'utf8'));
    return { header, rows, col: (name) => header.indexOf(name) };
  }

  it('the exact shares it used to print give every list size and every count back (the attack has teeth)', () => {
    const exact = JSON.parse(readFileSync(join(dir, 'segment/internal/segment-summary.json'), 'utf8')).rows as Array<{ practice: string; people: number; share: number }>;
    let recoveredGroups = 0;
    for (const practice of new Set(exact.map((r) => r.practice))) {
      const group = exact.filter((r) => r.practice === practice);
      const shares = group.map((r) => r.share);
      // smallest list size T for which every share x T is a whole number
      let T = 1;
      while (!shares.every((s) => Math.abs(s * T - Math.round(s * T)) < 1e-6)) T++;
      const total = group.reduce((s, r) => s + r.people, 0);
      expect(total % T).toBe(0); // T divides the list size
      // the list size is the multiple of T nearest the published (rounded) total: 2 either side at most
      const guess = Math.round(Math.round(total / 5) * 5 / T) * T;
      if (T > 4 && shares.some((s) => s > 0 && s < 1)) {
        expect(guess).toBe(total);
        const recovered = shares.map((s) => Math.round(s * guess));
        expect(recovered).toEqual(group.map((r) => r.people)); // every cell, starred or not
        recoveredGroups++;
      }
    }
    expect(recoveredGroups).toBe(4); // the three practices and all practices
  });

  it('now each share is the published count over the published total, to 1 decimal place: it carries nothing more', () => {
    const { rows, col } = published();
    for (const r of rows) {
      const share = r[col('sharePercent')]!;
      const total = rows.find((t) => t[col('practice')] === r[col('practice')] && t[col('segment')] === 'all')!;
      if (r[col('people')] === '*' || total[col('people')] === '*') {
        expect(share).toBe('*');
        continue;
      }
      expect(share).toMatch(/^\d+(\.\d)?$/);
      expect(Number(share)).toBe(Math.round((1000 * Number(r[col('people')])) / Number(total[col('people')])) / 10);
    }
  });

  it('subtraction and any linear combination of the published counts, rows and columns, give no * and no exact count back', () => {
    const { rows, col } = published();
    const exact = JSON.parse(readFileSync(join(dir, 'segment/internal/segment-summary.json'), 'utf8')).rows as Array<Record<string, unknown>>;
    const practices = [...new Set(rows.map((r) => r[col('practice')]!))];
    const segments = [...new Set(rows.map((r) => r[col('segment')]!))];
    const at = (p: string, s: string): number => rows.findIndex((r) => r[col('practice')] === p && r[col('segment')] === s);
    const lines: AttackLine[] = [];
    for (const p of practices) lines.push({ members: segments.filter((s) => s !== 'all').map((s) => at(p, s)), total: at(p, 'all') });
    for (const s of segments) lines.push({ members: practices.filter((p) => p !== 'all practices').map((p) => at(p, s)), total: at('all practices', s) });
    let stars = 0;
    for (const name of ['people', 'emergencyAdmissions', 'bedDays']) {
      const shown = rows.map((r) => (r[col(name)] === '*' ? '*' : Number(r[col(name)])) as Shown);
      stars += shown.filter((x) => x === '*').length;
      const truth = rows.map((r) => {
        if (r[col('segment')] !== 'all') {
          const e = exact.find((x) => (r[col('practice')] === 'all practices' ? x['practice'] === '' : x['practice'] === r[col('practice')]) && String(x['segment']) === r[col('segment')])!;
          return Math.round(e[name] as number);
        }
        return exact.filter((x) => (r[col('practice')] === 'all practices' ? x['practice'] === '' : x['practice'] === r[col('practice')])).reduce((s, x) => s + Math.round(x[name] as number), 0);
      });
      const iv = attackIntervals(shown, lines, { threshold: 7, roundTo: 5 });
      shown.forEach((v, i) => {
        const [lo, hi] = iv[i]!;
        expect(lo <= truth[i]! && truth[i]! <= hi).toBe(true);
        if (v !== 0) expect(hi, `${name} row ${i}: ${v} (truly ${truth[i]}) pinned`).toBeGreaterThan(lo);
      });
    }
    expect(stars).toBeGreaterThan(0); // the small segments are there to attack
  });
});

describe('spc.json beside monthly-series.csv: the charts no longer give a suppressed month back', () => {
  it('publish/spc.csv is the chart of the published counts, a suppressed month has no value and no limits, and spc.json stays internal', async () => {
    expect(existsSync(join(dir, 'monitor/publish/spc.json'))).toBe(false);
    expect(existsSync(join(dir, 'monitor/internal/spc.json'))).toBe(true);
    const series = parseCsv(readFileSync(join(dir, 'monitor/publish/monthly-series.csv'), 'utf8'));
    const spc = parseCsv(readFileSync(join(dir, 'monitor/publish/spc.csv'), 'utf8'));
    const s = (row: string[], name: string): string => row[series.header.indexOf(name)]!;
    const c = (row: string[], name: string): string => row[spc.header.indexOf(name)]!;
    const starred = series.rows.filter((r) => s(r, 'numerator') === '*');
    expect(starred.length).toBeGreaterThan(0);
    // What the exact chart gave away: the rate times the denominator is the suppressed count.
    const { population } = loadPopulation({
      patients: readFileSync(join(dir, 'patients.csv'), 'utf8'), activity: readFileSync(join(dir, 'activity.csv'), 'utf8'), conditions: readFileSync(join(dir, 'conditions.csv'), 'utf8'),
    }, { referenceDate: '2024-04-01' });
    const exact = buildMonthlySeries(population, { from: '2021-04-01', to: '2024-03-31', per: 'practice', measures: ['emergencyAdmissionsPer1000', 'avoidableAdmissionsPer1000'] });
    const internal = JSON.parse(readFileSync(join(dir, 'monitor/internal/spc.json'), 'utf8')).results as Array<{ unit: string; measure: string; spc: { points: Array<{ label: string; value: number }> } }>;
    for (const r of starred) {
      const e = exact.find((x) => x.unit === s(r, 'unit') && x.month === s(r, 'month') && x.measure === s(r, 'measure'))!;
      const point = internal.find((x) => x.unit === e.unit && x.measure === e.measure)!.spc.points.find((p) => p.label === e.month)!;
      expect(Math.round((point.value * e.denominator) / 1000)).toBe(e.numerator);
      // ... and what is published instead: nothing for that month
      const pub = spc.rows.find((x) => c(x, 'unit') === e.unit && c(x, 'month') === e.month && c(x, 'measure') === e.measure)!;
      expect([c(pub, 'value'), c(pub, 'centre'), c(pub, 'lower'), c(pub, 'upper'), c(pub, 'signal')]).toEqual(['*', '', '', '', '']);
    }
    // Every published chart value is a function of the published monthly series alone.
    const rows = series.rows.map((r) => ({
      unit: s(r, 'unit'), month: s(r, 'month'), measure: s(r, 'measure'),
      numerator: s(r, 'numerator') === '*' ? '*' : Number(s(r, 'numerator')), denominator: s(r, 'denominator') === '*' ? '*' : Number(s(r, 'denominator')),
      value: s(r, 'value') === '*' ? '*' : Number(s(r, 'value')),
    }));
    const again = publishSpc(rows);
    const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
    again.forEach((p, i) => {
      expect([p.value, p.centre, p.lower, p.upper, p.signal].map(text)).toEqual(['value', 'centre', 'lower', 'upper', 'signal'].map((k) => c(spc.rows[i]!, k)));
    });
  });
});
