import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

describe('risk-stratify report', () => {
  it('renders report data JSON to one self-contained HTML file, with --title and small counts suppressed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.json'), JSON.stringify({ asOf: '2025-04-01', churn: [{ period: '2025-04', entered: 3, left: 12, stayed: 40 }] }));
    const r = await run(['report', '--input', join(dir, 'data.json'), '--title', 'North MDT <April>', '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'out/publish/report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('North MDT &lt;April&gt;'); // escaped
    expect(html).toContain('<td class="num count">*</td>'); // 3 entered: suppressed
  });

  it('malformed report data is one line naming the file and the field', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ churn: [{ period: 'x', entered: -1, left: 0, stayed: 0 }] }));
    const r = await run(['report', '--input', join(dir, 'bad.json'), '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('bad.json');
    expect(r.err).toContain('churn');
  });
});

describe('risk-stratify report: provenance and the publish/internal split', () => {
  it('prints the report data\'s provenance lines and its own in the HTML, and keeps them in publish/provenance.json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'report-data.json'), JSON.stringify({ title: 'T', provenance: ['Produced by risk-stratify 0.1.0 on 2025-05-01: risk-stratify demo', 'Opt-outs: removed-upstream (said by the user).'], churn: [{ period: 'p', entered: 30, left: 12, stayed: 40 }] }));
    const r = await run(['report', '--input', join(dir, 'report-data.json'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'out/publish/report.html'), 'utf8');
    expect(html).toContain('Opt-outs: removed-upstream (said by the user).');
    expect(html).toMatch(/Rendered: produced by risk-stratify [\d.]+ on \d{4}-\d{2}-\d{2}: risk-stratify report --input report-data.json --out/);
    const prov = JSON.parse(readFileSync(join(dir, 'out/publish/provenance.json'), 'utf8'));
    expect(prov.source).toContain('Opt-outs: removed-upstream (said by the user).');
    expect(prov.files.map((f: { name: string }) => f.name)).toEqual(['report.html']);
  });
  it('with suppression turned off in the config the report is written under internal/, not for publication', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data.json'), JSON.stringify({ churn: [{ period: 'p', entered: 3, left: 12, stayed: 40 }] }));
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ suppression: { threshold: 0, roundTo: 1 } }));
    const r = await run(['report', '--config', join(dir, 'site.json'), '--input', join(dir, 'data.json'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('not for publication');
    expect(existsSync(join(dir, 'out/publish/report.html'))).toBe(false);
    expect(readFileSync(join(dir, 'out/internal/report.html'), 'utf8')).toContain('not for publication');
  });
});
