// Shared readers for the committed model fixtures (test/fixtures/model/). Not a test file.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import type { FeatureMatrix } from '../../src/core/feature-matrix.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'model');

/** A small CSV reader for the fixtures (no embedded commas or quotes inside fields). */
export function readCsv(file: string): Record<string, string[]> {
  const lines = readFileSync(join(FIXTURES, file), 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''));
  const out: Record<string, string[]> = Object.fromEntries(header.map((h) => [h, [] as string[]]));
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    header.forEach((h, j) => out[h]!.push(cells[j]!.replace(/^"|"$/g, '')));
  }
  return out;
}

export interface RefFit {
  coefficients: Record<string, number>;
  standardErrors: Record<string, number>;
  zValues: Record<string, number>;
  pValues: Record<string, number>;
  deviance: number;
  nullDeviance: number;
  aic: number;
  iterations: number;
  converged: boolean;
}
export interface Reference {
  nmes: RefFit;
  synthetic: RefFit;
  syntheticWeighted: RefFit;
  syntheticRidge: { l2: number; coefficients: Record<string, number>; deviance: number; objective: number; optimMaxAbsDiff: number };
}
export const reference = JSON.parse(readFileSync(join(FIXTURES, 'glm-reference.json'), 'utf8')) as Reference;

/** NMES 1988: outcome any hospital stay; the same features as fit-glm.R builds. */
export function nmes(): { x: FeatureMatrix; y: Uint8Array } {
  const d = readCsv('nmes1988.csv');
  const num = (k: string) => Float64Array.from(d[k]!, Number);
  const is = (k: string, v: string) => Float64Array.from(d[k]!, (s) => (s === v ? 1 : 0));
  const x = toFeatureMatrix({
    age: num('age'),
    male: is('gender', 'male'),
    chronic: num('chronic'),
    health_poor: is('health', 'poor'),
    health_excellent: is('health', 'excellent'),
    adl_limited: is('adl', 'limited'),
    medicaid: is('medicaid', 'yes'),
    income: num('income'),
    school: num('school'),
    married: is('married', 'yes'),
  });
  const y = Uint8Array.from(d['hospital']!, (s) => (Number(s) > 0 ? 1 : 0));
  return { x, y };
}

export const SYNTHETIC_FEATURES = ['age', 'male', 'imd', 'ltc', 'prior', 'copd', 'frailty', 'cost'] as const;

/** The seeded synthetic dataset written by fit-glm.R. */
export function synthetic(): { x: FeatureMatrix; y: Uint8Array; weight: Float64Array } {
  const d = readCsv('synthetic.csv');
  const cols = Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, Float64Array.from(d[k]!, Number)]));
  return {
    x: toFeatureMatrix(cols, { rowIds: d['age']!.map((_, i) => `p${String(i).padStart(5, '0')}`) }),
    y: Uint8Array.from(d['admitted']!, Number),
    weight: Float64Array.from(d['weight']!, Number),
  };
}
