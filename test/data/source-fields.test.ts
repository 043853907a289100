import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aliasTableMarkdown, SOURCE_FIELDS } from '../../src/data/source-fields.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the loading guide alias table', () => {
  it("docs/loading-your-extract.md's alias table is the code's table (regenerate with node scripts/alias-table.mjs --write)", () => {
    const readme = readFileSync(`${root}docs/loading-your-extract.md`, 'utf8');
    const block = /<!-- alias-table:start -->\n([\s\S]*?)<!-- alias-table:end -->/.exec(readme);
    expect(block, 'docs/loading-your-extract.md has no alias-table block').not.toBeNull();
    expect(block![1]).toBe(aliasTableMarkdown());
  });
  it('aliasTableMarkdown lists every field of every source and every alias, in resolution order', () => {
    const table = aliasTableMarkdown();
    for (const [source, specs] of Object.entries(SOURCE_FIELDS)) {
      for (const spec of specs) {
        const line = table.split('\n').find((l) => l.startsWith(`| ${source} | \`${spec.name}\` |`));
        expect(line, `${source}.${spec.name}`).toBeDefined();
        expect(line).toContain(spec.aliases.map((a) => `\`${a}\``).join(', '));
      }
    }
  });
  it('scripts/alias-table.mjs --check agrees that docs/loading-your-extract.md is up to date', () => {
    const r = spawnSync(process.execPath, [`${root}scripts/alias-table.mjs`, '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
