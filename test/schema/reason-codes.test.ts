import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reasonCodes, reasonCodeTableMarkdown } from '../../src/schema/reason-codes.js';
import { VALIDATION_CODES } from '../../src/schema/validation-issue.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every .ts file under src/. */
function sources(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

describe('the reason-code table (docs/reason-codes.md)', () => {
  it("docs/reason-codes.md's tables are the code's (regenerate with node scripts/reason-codes.mjs --write)", () => {
    const doc = readFileSync(join(root, 'docs/reason-codes.md'), 'utf8');
    const block = /<!-- reason-codes:start -->\n([\s\S]*?)<!-- reason-codes:end -->/.exec(doc);
    expect(block, 'docs/reason-codes.md has no reason-codes block').not.toBeNull();
    expect(block![1]).toBe(reasonCodeTableMarkdown());
  });
  it('scripts/reason-codes.mjs --check agrees that the doc is up to date', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/reason-codes.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('lists every rejected-row code of VALIDATION_CODES, in order, each with a meaning, and no code twice within a kind', () => {
    const all = reasonCodes();
    expect(all.filter((c) => c.kind === 'rejection').map((c) => c.code)).toEqual([...VALIDATION_CODES]);
    for (const c of all) expect(c.meaning.length, c.code).toBeGreaterThan(10);
    for (const kind of ['rejection', 'warning', 'featureWarning', 'error'] as const) {
      const codes = all.filter((c) => c.kind === kind).map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
    expect(all.find((c) => c.code === 'exclusion_list_unmatched' && c.kind === 'error')).toBeDefined();
    expect(all.find((c) => c.code === 'exclusion_list_unmatched' && c.kind === 'warning')).toBeDefined();
  });
  it('every code written in src/ where a rejection, warning or error is made is in the table', () => {
    const listed = new Set(reasonCodes().map((c) => c.code));
    const patterns = [
      /resultWarning\(\s*'([a-z_]+)'/g, // warnings
      /\bcode: '([a-z_]+)'/g, // fail({ code: ... }) and issue records
      /sink\.add\([^;]*?'([a-z_]+)',\s*(?:'|`)/g, // sink.add(row, field, value, 'code', 'message')
    ];
    const found = new Map<string, string>();
    // synth-reference.ts holds condition names under `code:` (reference data, not reason codes);
    // the warehouse column maps name a code column under `code:` (sql/source-tables.ts, cli/sql.ts).
    const notReasonCodes = ['synth-reference.ts', 'sql/source-tables.ts', 'cli/sql.ts'];
    for (const file of sources().filter((f) => !notReasonCodes.some((n) => f.endsWith(n)))) {
      const text = readFileSync(file, 'utf8');
      for (const p of patterns) for (const m of text.matchAll(p)) found.set(m[1]!, file.slice(root.length));
    }
    expect(found.size).toBeGreaterThan(30);
    const missing = [...found].filter(([code]) => !listed.has(code) && code !== 'custom');
    expect(missing, 'codes used in src/ but not in the table').toEqual([]);
  });
});
