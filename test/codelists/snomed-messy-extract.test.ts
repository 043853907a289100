// Hardening for issue 15 ("we will also check this on a SNOMED-coded extract that you will not
// see"): test/fixtures/extract/snomed-messy is shaped unlike test/fixtures/extract/snomed: other
// column names, ISO date-times, a code_system column, SNOMED CT, Read v2 (with term codes, with
// dots stripped) and CTV3 in one file, a 17-digit dm+d id, spaces, a float-exported id, a
// spreadsheet-mangled id, duplicates, a row without a date. Its README lists what each row tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conditionRegisters } from '../../src/codelists/condition-registers.js';
import { NO_DATE, parseDate } from '../../src/core/dates.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { cambridgeMultimorbidityScore } from '../../src/features/cambridge-multimorbidity.js';
import { readCodeLists } from '../../src/node/read-code-lists.js';
import { loadPopulationFromFiles } from '../../src/node/load-population-from-files.js';
import { run, tempDir } from '../cli/helpers.js';

const dir = fileURLToPath(new URL('../fixtures/extract/snomed-messy/', import.meta.url));
const text = (f: string) => readFileSync(`${dir}${f}`, 'utf8');
const EXTRACT = '2024-03-31';

async function load() {
  const codeLists = await readCodeLists(`${dir}codelists/manifest.json`);
  return { codeLists, ...loadPopulation({ patients: text('patients.csv'), conditions: text('conditions.csv') }, { extractDate: EXTRACT, codeLists }) };
}
const active = (pop: Parameters<typeof conditionRegisters>[0], asOf: string, cluster: string) => Array.from(conditionRegisters(pop, { asOf }).get(cluster)?.active ?? []);

describe('a SNOMED CT extract shaped differently (test/fixtures/extract/snomed-messy)', () => {
  it('reads a long list file mixing SNOMED CT, Read v2 and CTV3 (systems as people spell them), and keeps a 17-digit id as written', async () => {
    const { codeLists } = await load();
    expect(codeLists.lists.map((l) => `${l.cluster}:${l.system}`)).toContain('diabetes:ctv3');
    expect(codeLists.lists.find((l) => l.cluster === 'asthma' && l.system === 'read2')!.codes).toEqual(['H33..']);
    const rx = codeLists.lists.find((l) => l.cluster === 'cms_asthma_rx')!;
    expect(rx.codes).toEqual(['39113611000001102']);
    expect(String(Number(rx.codes[0]))).not.toBe(rx.codes[0]); // a float would have lost it
  });

  it('registers by hand, as of 31 March 2024 and 1 January 2018', async () => {
    const { population } = await load();
    expect(population.ids).toEqual(['M01', 'M02', 'M03', 'M04', 'M05', 'M06']);
    //                                              M01 M02 M03 M04 M05 M06
    expect(active(population, EXTRACT, 'asthma')).toEqual([1, 1, 0, 0, 0, 0]); // M01 again 2021 ("195967001 "), M02 Read H33..; M05's h33.. is not H33..
    expect(active(population, '2018-01-01', 'asthma')).toEqual([0, 1, 0, 0, 0, 0]); // M01 resolved 2016 (http://snomed.info/sct row)
    expect(active(population, EXTRACT, 'diabetes')).toEqual([0, 1, 1, 0, 0, 0]); // Read C10..00 and C10; CTV3 X40J5
    expect(active(population, EXTRACT, 'heart_failure')).toEqual([0, 1, 1, 0, 0, 0]); // Read G58..; 84114007.0
    expect(active(population, EXTRACT, 'atrial_fibrillation')).toEqual([0, 0, 1, 0, 0, 0]); // "  49436004  "
    expect(active(population, EXTRACT, 'copd')).toEqual([1, 0, 0, 0, 0, 0]);
    expect(active(population, EXTRACT, 'hypertension')).toEqual([0, 0, 0, 0, 1, 1]);
    expect(active(population, EXTRACT, 'cms_asthma_rx')).toEqual([1, 0, 0, 0, 0, 0]); // the 17-digit id
    expect(conditionRegisters(population, { asOf: EXTRACT }).get('dementia')?.count ?? 0).toBe(0); // its only row has no date
    // date-times are read as their day; the diagnosis date is the earliest code
    const dm = conditionRegisters(population, { asOf: EXTRACT }).get('diabetes')!;
    expect(dm.diagnosisDate[1]).toBe(parseDate('2012-03-04'));
    expect(dm.diagnosisDate[0]).toBe(NO_DATE);
    expect(conditionRegisters(population, { asOf: EXTRACT }).get('asthma')!.diagnosisDate[0]).toBe(parseDate('2011-03-01'));
  });

  it('reports codes in no list with counts (a mangled id flagged as such) and rejects only the row without a date', async () => {
    const { summary, rejected, warnings } = await load();
    expect(summary.unknownConditionCodes.top.map((u) => [u.code, u.rows, u.people])).toEqual([
      ['1.95967E+08', 1, 1], ['271737000', 1, 1], ['386661006', 1, 1], ['h33..', 1, 1],
    ]);
    expect(summary.unknownConditionCodes.people).toBe(2);
    expect(rejected.map((r) => [r.source, r.row, r.field, r.code])).toEqual([['conditions', 13, 'date', 'missing_value']]);
    const mangled = warnings.find((w) => w.code === 'condition_codes_mangled')!;
    expect(mangled.examples).toEqual(['1.95967E+08']);
    expect(warnings.find((w) => w.code === 'unrecognised_columns')!.examples).toEqual(['code_system', 'term']);
  });

  it('loads from files the same way, and the Cambridge Multimorbidity Score reads it (the 17-digit inhaler id as asthma treatment)', async () => {
    const codeLists = await readCodeLists(`${dir}codelists/manifest.json`);
    const { population } = await loadPopulationFromFiles({ patients: `${dir}patients.csv`, conditions: `${dir}conditions.csv` }, { extractDate: EXTRACT, codeLists });
    const f = buildFeatures(population, { asOf: EXTRACT, conditionScores: { cms_general: cambridgeMultimorbidityScore() } });
    // M01: COPD 1.46 + asthma (code ever, inhaler 2023-11-20) 0.19; M02: diabetes 0.75 + heart failure 1.18 (asthma: no inhaler);
    // M03: diabetes 0.75 + AF 1.34 + heart failure 1.18 (dementia row rejected); M04: 0; M05, M06: hypertension 0.08
    expect(Array.from(f.column('score_cms_general')!, (v) => Math.round(v * 100) / 100)).toEqual([1.65, 1.93, 3.27, 0, 0.08, 0.08]);
    expect(f.conditionClusters).toEqual(['asthma', 'atrial_fibrillation', 'copd', 'dementia', 'diabetes', 'heart_failure', 'hypertension']);
    expect(Array.from(f.column('ltc_dementia')!)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('risk-stratify validate with codeLists in the config prints the codes in no list and the mangled-code warning; features runs', async () => {
    const out = tempDir('rs-messy-');
    const cfg = join(out, 'config.json');
    writeFileSync(cfg, JSON.stringify({ inputs: {
      patients: `${dir}patients.csv`, conditions: `${dir}conditions.csv`, codeLists: `${dir}codelists/manifest.json`, extractDate: EXTRACT,
      ignore: { conditions: ['code_system', 'term'] },
    } }));
    const v = await run(['validate', '--config', cfg]);
    expect(v.out).toContain('1.95967E+08 1/1, 271737000 1/1, 386661006 1/1, h33.. 1/1');
    expect(v.out).toMatch(/scientific notation \(1\.95967E\+08\)/);
    expect(v.out).toContain('conditions,13,date,"",missing_value');
    const f = await run(['features', '--config', cfg, '--as-of', EXTRACT, '--out', join(out, 'features')]);
    expect(f.code, f.err).toBe(0);
    expect(f.out).toMatch(/ltc_diabetes\s+0\.333/);
  });
});

describe('the condition code column under the names extracts give it', () => {
  it("an OpenSAFELY-style 'snomedct_code' column is found without a column map, and gives the same registers", async () => {
    const codeLists = await readCodeLists(`${dir}codelists/manifest.json`);
    const conditions = text('conditions.csv');
    const header = conditions.slice(0, conditions.indexOf('\n')).split(',');
    const codeColumn = header.findIndex((h) => /code|concept/i.test(h) && !/system/i.test(h));
    expect(codeColumn).toBeGreaterThanOrEqual(0);
    const renamed = [header.map((h, i) => (i === codeColumn ? 'snomedct_code' : h)).join(','), conditions.slice(conditions.indexOf('\n') + 1)].join('\n');
    const a = loadPopulation({ patients: text('patients.csv'), conditions }, { extractDate: EXTRACT, codeLists });
    const b = loadPopulation({ patients: text('patients.csv'), conditions: renamed }, { extractDate: EXTRACT, codeLists });
    expect(b.rejected.length).toBe(a.rejected.length);
    for (const cluster of ['asthma', 'diabetes', 'heart_failure', 'copd']) {
      expect(active(b.population, EXTRACT, cluster)).toEqual(active(a.population, EXTRACT, cluster));
    }
  });
});
