import { readFileSync, writeFileSync } from 'node:fs';
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
