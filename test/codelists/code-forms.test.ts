// The forms extracts write one code in (issue 15 hardening): Read codes with their term code or
// without trailing dots, SNOMED CT ids exported as floats; and what must not match.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexCodeLists } from '../../src/codelists/code-list-index.js';
import { mangledCodes } from '../../src/codelists/mangled-codes.js';
import { toCodeSystem, type ParsedCodeList } from '../../src/codelists/code-list.js';
import { parseOpenCodelistsCsv } from '../../src/codelists/parse-open-codelists-csv.js';

const list = (cluster: string, system: ParsedCodeList['system'], codes: string[]): ParsedCodeList => ({ cluster, system, codes, source: 't', version: '1' });
const index = indexCodeLists([
  list('asthma', 'read2', ['H33..']), list('diabetes', 'read2', ['C10']), list('copd', 'snomed', ['13645005']),
  list('dm_ctv3', 'ctv3', ['X40J5']), list('local', 'local', ['LAX1']),
], () => false);
const clusterOf = (code: string) => index.lookup(code)?.diagnosis.map((j) => index.clusters[j]);

describe('code forms', () => {
  it('a Read code matches with its term code, padded or stripped dots, and spaces; not in another case', () => {
    for (const c of ['H33..', 'H33..00', 'H33', ' H33.. ', 'H33.']) expect(clusterOf(c), c).toEqual(['asthma']);
    for (const c of ['C10..', 'C10..11', 'C10']) expect(clusterOf(c), c).toEqual(['diabetes']);
    expect(clusterOf('h33..')).toBeUndefined();
    expect(clusterOf('X40J5')).toEqual(['dm_ctv3']);
  });

  it('a SNOMED CT id exported as a float matches; a longer or different number does not', () => {
    expect(clusterOf('13645005.0')).toEqual(['copd']);
    expect(clusterOf('13645005.00')).toEqual(['copd']);
    expect(clusterOf('13645005.5')).toBeUndefined();
    expect(clusterOf('136450050')).toBeUndefined();
  });

  it('a 7-digit SNOMED CT id is never read as a Read code with a term code', () => {
    const ix = indexCodeLists([list('x', 'read2', ['12345'])], () => false);
    expect(ix.lookup('1234500')).toBeUndefined();
    expect(ix.lookup('12345')?.diagnosis).toEqual([0]);
  });

  it('property: a code matches exactly when its canonical form is in a list (no false matches from the forms)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9]{3,5}$/).filter((a) => /[A-Za-z]/.test(a)), // all digits + 2 digits is a SNOMED CT id
      fc.stringMatching(/^[A-Za-z0-9]{3,5}$/), (a, b) => {
      const ix = indexCodeLists([list('a', 'read2', [a.padEnd(5, '.')])], () => false);
      expect(ix.lookup(a)).toBeDefined();
      expect(ix.lookup(`${a.padEnd(5, '.')}00`)).toBeDefined();
      if (b.replace(/\.+$/, '') !== a) expect(ix.lookup(b)).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('mangledCodes finds scientific notation only', () => {
    expect(mangledCodes(['1.95967E+08', '2E+9', '195967001', 'H33..', '84114007.0', '1e10'])).toEqual(['1.95967E+08', '2E+9', '1e10']);
  });

  it('coding systems as extracts and servers spell them, FHIR URIs included', () => {
    const cases: Array<[string, string | undefined]> = [
      ['SNOMED CT', 'snomed'], ['http://snomed.info/sct', 'snomed'], ['sct', 'snomed'], ['dm+d', 'snomed'], ['Read v2', 'read2'], ['READ V2', 'read2'],
      ['http://read.info/readv2', 'read2'], ['Read version 2', 'read2'], ['CTV3', 'ctv3'], ['http://read.info/ctv3', 'ctv3'], ['ICD-10', 'icd10'],
      ['http://hl7.org/fhir/sid/icd-10', 'icd10'], ['ICD-10-UK', 'icd10'], ['LOINC', undefined], ['', undefined],
    ];
    for (const [v, want] of cases) expect(toCodeSystem(v), v).toBe(want);
  });

  it("an OpenCodelists dm+d download (dmd_id column) loads as SNOMED CT-shaped ids, the 17-digit ones kept as text", () => {
    const l = parseOpenCodelistsCsv('dmd_type,dmd_id,dmd_name,bnf_code\nVMP,39113611000001102,Salbutamol 100micrograms/dose inhaler CFC free,0301011R0AAAPAP\n', { file: 'salbutamol.csv', cluster: 'cms_asthma_rx', system: 'dm+d' });
    expect(l).toMatchObject({ system: 'snomed', codes: ['39113611000001102'] });
  });
});
