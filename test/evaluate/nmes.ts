// Loads the committed NMES 1988 extract (test/fixtures/evaluate/nmes1988.csv) and builds the
// same scores as the R and Python reference scripts, in the same order of operations.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../fixtures/evaluate/', import.meta.url));

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(dir + name, 'utf8')) as T;
}

export interface Nmes {
  n: number;
  hospital: Float64Array;
  /** hospital > 0 */
  y: Uint8Array;
  chronic: Float64Array;
  visits: Float64Array;
  prob: Float64Array;
  health: string[];
  gender: string[];
}

export function loadNmes(): Nmes {
  const lines = readFileSync(dir + 'nmes1988.csv', 'utf8').trim().split('\n');
  const header = lines[0]!.split(',').map((h) => h.replace(/"/g, ''));
  const col = (name: string) => header.indexOf(name);
  const rows = lines.slice(1).map((l) => l.split(',').map((v) => v.replace(/"/g, '')));
  const num = (name: string) => Float64Array.from(rows, (r) => Number(r[col(name)]));
  const str = (name: string) => rows.map((r) => r[col(name)]!);
  const hospital = num('hospital');
  const chronic = num('chronic');
  const visits = num('visits');
  const age = num('age');
  const health = str('health');
  const adl = str('adl');
  const prob = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    // Whole hundredths, as in pROC-nmes1988.R: equal covariates give exactly equal scores.
    const lp100 = -250 + 35 * chronic[i]! + 4 * visits[i]! + 50 * (health[i] === 'poor' ? 1 : 0) -
      30 * (health[i] === 'excellent' ? 1 : 0) + 30 * (adl[i] === 'limited' ? 1 : 0) + Math.round(10 * age[i]!);
    const lp = lp100 / 100;
    prob[i] = 1 / (1 + Math.exp(-lp));
  }
  return { n: rows.length, hospital, y: Uint8Array.from(hospital, (h) => (h > 0 ? 1 : 0)), chronic, visits, prob, health, gender: str('gender') };
}
