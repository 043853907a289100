import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPopulation } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';
import { suppressSmallNumbers } from '../../src/compare/index.js';
import { OutputDir } from '../../src/cli/output.js';
import { buildProvenance, provenanceLines } from '../../src/cli/provenance.js';
import { tempDir } from './helpers.js';

const D = (s: string): number => parseDate(s)!;
const options = { patients: { type: 'string' as const, arg: 'FILE', help: '' }, scheme: { type: 'string' as const, arg: 'NAME|FILE', help: '' }, top: { type: 'string' as const, arg: 'LIST', help: '' } };
const population = createPopulation({
  ids: ['a', 'b'], practices: ['P1'], practice: [0, 0], birthDate: [D('1950-01-01'), D('1960-01-01')],
  window: { extractDate: D('2025-03-31'), activityFrom: D('2021-04-01') },
  provenance: { optOuts: 'removed-upstream' },
});

afterEach(() => {
  delete process.env['SOURCE_DATE_EPOCH'];
});

describe('buildProvenance', () => {
  it('reduces file and folder arguments to their names and says the output folder is this one', () => {
    const p = buildProvenance({ command: 'segment', argv: ['--patients', '/home/analyst/extracts/north/patients.csv', '--scheme', 'rules/my-rules.json', '--top', '2,5', '--out=/srv/out/2025-05', '--as-of', '2025-04-01'], options, rule: { threshold: 7, roundTo: 5 } });
    expect(p.arguments).toEqual(['segment', '--patients', 'patients.csv', '--scheme', 'my-rules.json', '--top', '2,5', '--out=<this output folder>', '--as-of', '2025-04-01']);
    expect(p.command).not.toMatch(/home|srv|north/);
    expect(p.extract).toBeNull();
  });
  it('carries the extract window, how each date was found and the opt-out handling; the run date honours SOURCE_DATE_EPOCH', () => {
    process.env['SOURCE_DATE_EPOCH'] = String(Date.UTC(2025, 4, 2) / 1000);
    const p = buildProvenance({ command: 'cohort', argv: [], options: {}, rule: { threshold: 10, roundTo: 10 } }, population);
    expect(p.runDate).toBe('2025-05-02');
    expect(p.extract).toEqual({ extractDate: '2025-03-31', extractDateSource: 'given', activityCompleteFrom: '2021-04-01', activityCompleteFromSource: 'given', rule: '', optOuts: 'removed-upstream' });
    expect(p.suppression).toMatchObject({ threshold: 10, roundTo: 10, secondary: 'lines' });
    const lines = provenanceLines(p);
    expect(lines[0]).toMatch(/^Produced by risk-stratify \d+\.\d+\.\d+\S* on 2025-05-02: risk-stratify cohort$/);
    expect(lines).toContain('Extract date 2025-03-31 (given); activity complete from 2021-04-01 (given).');
    expect(lines.join('\n')).toMatch(/Opt-outs: removed-upstream \(removed upstream, before the extract was taken/);
  });
});

describe('OutputDir provenance', () => {
  it("'removed-upstream' is visible in both halves' provenance.json and README, kept current as files are written", () => {
    const dir = tempDir();
    const out = new OutputDir(dir, { command: 'segment', argv: ['--out', dir], options: {}, rule: { threshold: 7, roundTo: 5 } });
    out.population(population);
    out.internal.json('x.json', { n: 3 }, 'exact');
    out.publish.table('t.csv', suppressSmallNumbers([{ p: 'A', n: 3 }, { p: 'B', n: 40 }, { p: 'C', n: 41 }]), 'a table');
    for (const half of ['publish', 'internal']) {
      const prov = JSON.parse(readFileSync(join(dir, half, 'provenance.json'), 'utf8'));
      expect(prov.extract.optOuts).toBe('removed-upstream');
      expect(prov.command).toBe('risk-stratify segment --out "<this output folder>"');
      expect(readFileSync(join(dir, half, 'README.txt'), 'utf8')).toContain('Opt-outs: removed-upstream');
    }
    const pub = JSON.parse(readFileSync(join(dir, 'publish', 'provenance.json'), 'utf8'));
    expect(pub.files).toEqual([{ name: 't.csv', what: 'a table', columns: { n: 'count' }, suppression: expect.stringMatching(/1-7 are suppressed/) }]);
    expect(out.written.map((f) => f.path.slice(dir.length + 1)).sort()).toEqual(
      ['internal/README.txt', 'internal/provenance.json', 'internal/x.json', 'publish/README.txt', 'publish/provenance.json', 'publish/t.csv']);
  });
});
