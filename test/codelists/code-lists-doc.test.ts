// docs/code-lists.md: its cluster table is generated from ICD10_LTC_CODE_LISTS (drift test;
// UPDATE_DOCS=1 rewrites it) and its runnable example prints what the page says it prints.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ICD10_LTC_CODE_LISTS, ICD10_LTC_VERSION } from '../../src/codelists/icd10-ltc-code-lists.js';
import { CMS_CONDITIONS, CMS_GENERAL_20_WEIGHTS } from '../../src/features/cambridge-multimorbidity.js';
import type { ScoreEvidence } from '../../src/features/condition-scores.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const page = `${root}docs/code-lists.md`;
const START = '<!-- icd10-clusters:start -->';
const END = '<!-- icd10-clusters:end -->';

function clusterTable(): string {
  const dotted = (c: string) => (c.length > 3 ? `${c.slice(0, 3)}.${c.slice(3)}` : c);
  const codes = (cs: readonly string[]) => (cs.length > 12 ? `${dotted(cs[0]!)}-${dotted(cs[cs.length - 1]!)} (${cs.length} categories)` : cs.map(dotted).join(', '));
  const rows = ICD10_LTC_CODE_LISTS.map((l) => `| \`${l.cluster}\` | ${codes(l.codes)} | ${l.source} |`);
  return [`Version ${ICD10_LTC_VERSION}. Codes match every code they prefix.`, '', '| cluster | ICD-10 | condition and source |', '|---|---|---|', ...rows].join('\n');
}

const CMS_START = '<!-- cms-conditions:start -->';
const CMS_END = '<!-- cms-conditions:end -->';

function cmsTable(): string {
  const ev = (e: ScoreEvidence) => {
    const n = e.minEvents ?? 1;
    const what = e.first ? ` first in ${e.withinMonths} months`
      : e.minEvents !== undefined || e.withinMonths !== undefined ? ` ${n}+ day${n > 1 ? 's' : ''}${e.withinMonths ? ` in ${e.withinMonths} months` : ' ever'}` : ' on the register';
    return `${e.absent ? 'no ' : ''}\`${e.cluster}\`${what}`;
  };
  const rows = CMS_CONDITIONS.map((c) => {
    const w = CMS_GENERAL_20_WEIGHTS[c.key];
    const rule = c.rule.map((alt) => alt.map(ev).join(' and ')).join('; or ');
    return `| ${c.name} (\`${c.key}\`) | ${c.in20 ? 'yes' : ''} | ${w === undefined ? '' : w.toFixed(2)} | ${rule} | ${c.definition}${c.approximation ? ` (approximation: ${c.approximation})` : ''} |`;
  });
  return ['| condition (`key`) | in 20 | general weight (20) | evidence read (default clusters) | published definition |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The page's block between two markers is `table` (UPDATE_DOCS=1 rewrites it). */
function generated(start: string, end: string, table: string): void {
  const text = readFileSync(page, 'utf8');
  const [before, rest] = text.split(start);
  const after = rest!.split(end)[1]!;
  const want = `${before}${start}\n${table}\n${end}${after}`;
  if (process.env['UPDATE_DOCS'] === '1') writeFileSync(page, want);
  expect(text).toBe(want);
}

describe('docs/code-lists.md', () => {
  it('lists every built-in ICD-10 cluster with its codes and source, as ICD10_LTC_CODE_LISTS has them', () => generated(START, END, clusterTable()));

  it('lists the 37 Cambridge Multimorbidity Score conditions with their weights and rules, as CMS_CONDITIONS has them', () => generated(CMS_START, CMS_END, cmsTable()));

  it('every runnable example runs and prints what the page shows', async () => {
    const text = readFileSync(page, 'utf8');
    const blocks = [...text.matchAll(/```(\w+)( no-run)?\n([\s\S]*?)```/g)];
    const runnable = blocks.map((b, i) => [b, i] as const).filter(([b]) => b[1] === 'ts' && !b[2]);
    expect(runnable.length).toBeGreaterThanOrEqual(2);
    for (const [[, , , code], i] of runnable) {
      const shown = blocks[i + 1]![3]!.trim();
      const logged: string[] = [];
      (globalThis as unknown as { __docLog: (...a: unknown[]) => void }).__docLog = (...a) => logged.push(a.map((x) => (typeof x === 'string' ? x : inspect(x))).join(' '));
      const source = code!.replace(/from 'risk-stratify'/g, `from '${root}src/index.ts'`).replace(/console\.log\(/g, 'globalThis.__docLog(');
      mkdirSync(`${root}test-output`, { recursive: true });
      const file = `${root}test-output/code-lists-doc-${i}.ts`;
      writeFileSync(file, source);
      await import(/* @vite-ignore */ file);
      expect(logged.join('\n')).toBe(shown);
    }
  });
});
