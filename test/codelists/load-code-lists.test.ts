import { describe, expect, it } from 'vitest';
import { loadCodeLists } from '../../src/codelists/load-code-lists.js';
import { parseCodeListCsv } from '../../src/codelists/parse-code-list-csv.js';
import { parseCodeListsJson } from '../../src/codelists/parse-code-lists-json.js';
import { parseOpenCodelistsCsv } from '../../src/codelists/parse-open-codelists-csv.js';
import { conditionRegisters } from '../../src/codelists/condition-registers.js';
import { loadPopulation } from '../../src/data/load-population.js';

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('code-list parsers', () => {
  it('parseOpenCodelistsCsv reads code with or without term, keeps a repeated code once, and names file and row of a bad one', () => {
    const meta = { file: 'dm.csv', cluster: 'diabetes', system: 'snomed' as const, version: '2024-01' };
    expect(parseOpenCodelistsCsv('code,term\n44054006,Type 2\n44054006,Type 2 again\n46635009,Type 1\n', meta)).toEqual({ cluster: 'diabetes', system: 'snomed', codes: ['44054006', '46635009'], source: 'dm.csv', version: '2024-01' });
    expect(parseOpenCodelistsCsv('\uFEFFcode\r\n44054006\r\n', meta).codes).toEqual(['44054006']);
    expect(thrown(() => parseOpenCodelistsCsv('code,term\n44054006,a\n,blank\n', meta)).message).toContain('dm.csv row 2: has a blank code');
    expect(thrown(() => parseOpenCodelistsCsv('code,term\n44054006,a\n"unclosed,b\n', meta)).message).toContain('dm.csv row 2');
    expect(thrown(() => parseOpenCodelistsCsv('code,term\n4405400,a,extra\n', meta)).message).toContain('dm.csv row 1');
    expect(parseOpenCodelistsCsv('ctv3_id,term\nX40J4,Diabetes\n', { ...meta, system: 'ctv3', column: 'ctv3_id' }).codes).toEqual(['X40J4']);
    expect(parseOpenCodelistsCsv('code,term\nE11.9,T2DM\ne10,T1DM\n', { ...meta, system: 'icd10' }).codes).toEqual(['E119', 'E10']);
  });

  it('takes the usual spellings of a system and the code column of older downloads', () => {
    expect(parseOpenCodelistsCsv('id,name\n195967001,Asthma\n', { file: 'a.csv', cluster: 'asthma', system: 'SNOMED CT' }).system).toBe('snomed');
    expect(parseCodeListCsv('cluster,code,system\nasthma,H33..,Read v2\nasthma,XE0YX,CTV3\ncopd,J44.9,ICD-10\n', { file: 'l.csv' }).map((l) => l.system)).toEqual(['read2', 'ctv3', 'icd10']);
    expect(loadCodeLists([{ cluster: 'copd', system: 'ICD10', codes: ['J44'], source: 's', version: '1' }]).lists[0]!.system).toBe('icd10');
  });

  it('parseCodeListCsv groups the long form into one list per cluster and system, with resolved rows', () => {
    const lists = parseCodeListCsv('cluster,code,system,role\nasthma,195967001,snomed,\nasthma,162660004,snomed,resolved\ndiabetes,127013003,snomed,\nckd,127013003,snomed,\nasthma,H33..,read2,\n', { file: 'icb.csv', version: 'v3' });
    expect(lists.map((l) => [l.cluster, l.system, l.codes, l.resolvedCodes])).toEqual([
      ['asthma', 'snomed', ['195967001'], ['162660004']], ['diabetes', 'snomed', ['127013003'], undefined], ['ckd', 'snomed', ['127013003'], undefined], ['asthma', 'read2', ['H33..'], undefined],
    ]);
    expect(thrown(() => parseCodeListCsv('cluster,code\nasthma,195967001\n', { file: 'icb.csv' })).message).toContain("icb.csv: has no 'system' column");
    expect(thrown(() => parseCodeListCsv('cluster,code,system\nasthma,195967001,snowmed\n', { file: 'icb.csv' })).message).toContain('icb.csv row 1: is not one of');
    expect(thrown(() => parseCodeListCsv('cluster,code,system\nasthma,195967001,snomed\n,1,snomed\n', { file: 'icb.csv' })).message).toContain('icb.csv row 2: has no cluster name');
  });

  it('parseCodeListsJson validates each list and names the file and list', () => {
    expect(parseCodeListsJson('{"lists":[{"cluster":"copd","system":"icd10","codes":["J44.9"],"source":"s","version":"1"}]}', 'l.json')[0]!.codes).toEqual(['J449']);
    expect(thrown(() => parseCodeListsJson('[{"cluster":"copd","system":"icd10","codes":["J44"],"source":"s","version":"1"},{"cluster":"x","system":"snomed","codes":[1],"source":"s","version":"1"}]', 'l.json')).message).toMatch(/l\.json row 2: list codes\.0 /);
    expect(thrown(() => parseCodeListsJson('[{"cluster":"copd","system":"snomed","codes":["J44"],"source":"s","version":"1"}]', 'l.json')).message).toContain('l.json row 1: list \'copd\': "J44" is not a snomed code');
    expect(thrown(() => parseCodeListsJson('{', 'l.json')).message).toContain('l.json: is not JSON');
  });

  it('loadCodeLists names a manifest entry whose file was not given, and an OpenCodelists entry without a cluster', () => {
    expect(thrown(() => loadCodeLists({ manifest: { files: [{ file: 'a.csv', cluster: 'x', system: 'snomed' }] }, files: {} })).message).toContain('manifest row 1: names a.csv, which was not given');
    expect(thrown(() => loadCodeLists({ manifest: { files: [{ file: 'a.csv', system: 'snomed' }] }, files: { 'a.csv': 'code\n195967001\n' } })).message).toContain('needs its cluster and system');
  });
});

describe('code lists in loadPopulation', () => {
  const patients = 'id,practiceId,birthDate,optedOut\np0,A,1950-01-01,N\np1,A,1950-01-01,N\n';
  it('an ICD-10 list code matches every code it prefixes, written with or without the dot', () => {
    const codeLists = loadCodeLists([{ cluster: 'copd', system: 'icd10', codes: ['J44'], source: 's', version: '1' }]);
    const r = loadPopulation({ patients, conditions: 'patientId,code,date\np0,J44.1,2020-01-01\np1,j449,2020-01-01\np1,J45,2020-01-01\n' }, { extractDate: '2024-01-01', codeLists });
    expect(Array.from(conditionRegisters(r.population, { asOf: '2024-01-01' }).get('copd')!.active)).toEqual([1, 1]);
    expect(r.summary.unknownConditionCodes.top).toEqual([{ code: 'J45', rows: 1, people: 1 }]);
  });
  it('conditionCodes (one code, one cluster) gives the registers the same map as code lists gives', () => {
    const conditions = 'patientId,code,date\np0,HF,2020-01-01\np1,DM,2020-01-01\n';
    const a = loadPopulation({ patients, conditions }, { extractDate: '2024-01-01', conditionCodes: { HF: 'heart_failure', DM: 'diabetes' } });
    const b = loadPopulation({ patients, conditions }, { extractDate: '2024-01-01', codeLists: [
      { cluster: 'heart_failure', system: 'local', codes: ['HF'], source: 's', version: '1' }, { cluster: 'diabetes', system: 'local', codes: ['DM'], source: 's', version: '1' }] });
    const view = (x: typeof a) => conditionRegisters(x.population, { asOf: '2024-01-01' }).registers.map((g) => [g.cluster, Array.from(g.active)]);
    expect(view(a)).toEqual(view(b));
    expect(view(a)).toEqual([['diabetes', [0, 1]], ['heart_failure', [1, 0]]]);
  });
  it('a malformed list given as data is refused naming the list', () => {
    expect(thrown(() => loadPopulation({ patients }, { codeLists: [{ cluster: 'x', system: 'snomed', codes: ['abc'], source: 's', version: '1' }] })).message).toContain("options.codeLists row 1: list 'x'");
  });
});
