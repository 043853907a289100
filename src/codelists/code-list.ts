import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';

/** Coding systems a code list can be in. */
export const CODE_SYSTEMS = Object.freeze(['snomed', 'read2', 'ctv3', 'icd10', 'local'] as const);
/** A coding system: SNOMED CT, Read v2, CTV3, ICD-10 or a local scheme. */
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

const SYSTEM_ALIASES: Readonly<Record<string, CodeSystem>> = Object.freeze({
  snomed: 'snomed', snomedct: 'snomed', sct: 'snomed', read2: 'read2', readv2: 'read2', read: 'read2', ctv3: 'ctv3', readv3: 'ctv3', read3: 'ctv3',
  icd10: 'icd10', icd: 'icd10', local: 'local',
  // FHIR system URIs, as FHIR-shaped extracts and terminology servers write them
  httpsnomedinfosct: 'snomed', httpreadinforeadv2: 'read2', httpreadinfoctv3: 'ctv3', httphl7orgfhirsidicd10: 'icd10', httphl7orgfhirsidicd10uk: 'icd10',
  // longer spellings; dm+d ids are SNOMED CT-shaped ids, so a dm+d list matches as SNOMED CT
  readversion2: 'read2', readcodev2: 'read2', readcodesv2: 'read2', readversion3: 'ctv3', icd10uk: 'icd10', dmd: 'snomed',
});

/**
 * A coding system as people write it (`SNOMED CT`, `snomedct`, `Read v2`, `CTV3`, `ICD-10`, any
 * case; FHIR URIs such as `http://snomed.info/sct`; `dm+d` as SNOMED CT, whose ids it shares)
 * turned into a {@link CodeSystem}, or undefined. Internal.
 */
export function toCodeSystem(v: unknown): CodeSystem | undefined {
  return typeof v === 'string' ? SYSTEM_ALIASES[v.toLowerCase().replace(/[^a-z0-9]/g, '')] : undefined;
}

/** A coding system, accepting the usual spellings (see `toCodeSystem`). Internal. */
export const CodeSystemSchema = /* @__PURE__ */ lazySchema(() => z.pipe(z.transform((v) => toCodeSystem(v) ?? v), z.enum(CODE_SYSTEMS)));

const code = /* @__PURE__ */ lazySchema(() => z.string().check(z.trim(), z.minLength(1, 'is an empty code')));

/**
 * One code list as data: the condition `cluster` it marks, the coding `system`, the
 * diagnosis `codes`, optional `resolvedCodes` (codes saying the condition has resolved, as
 * in QOF's `ASTRES` or `DMRES` clusters), where it came from (`source`) and its `version`.
 * A code may sit in several lists (a code for diabetic chronic kidney disease in both the
 * diabetes and the CKD list). ICD-10 codes match every code they prefix (`J45` matches `J459`).
 *
 * @example
 * CodeList.parse({ cluster: 'asthma', system: 'snomed', codes: ['195967001'], resolvedCodes: ['162660004'],
 *   source: 'opencodelists.org/codelist/nhsd-primary-care-domain-refsets/ast_cod', version: '20200812' }).codes; // => ['195967001']
 */
export const CodeList = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    cluster: z.string().check(z.trim(), z.minLength(1, 'is empty'), z.regex(/[A-Za-z0-9]/, 'has no letter or digit')),
    system: CodeSystemSchema,
    codes: z.array(code),
    resolvedCodes: z.optional(z.array(code)),
    source: z.string().check(z.trim(), z.minLength(1, 'is empty')),
    version: z.string().check(z.trim(), z.minLength(1, 'is empty')),
  })).shape));
/** A code list as you may pass it (`system` in any usual spelling, e.g. `'SNOMED CT'`). */
export type CodeList = Omit<z.input<typeof CodeList>, 'system'> & { system: CodeSystem | (string & {}) };
/** A code list after validation (codes trimmed). */
export type ParsedCodeList = z.output<typeof CodeList>;

/** A set of validated code lists, as {@link loadCodeLists} returns and `loadPopulation` takes. */
export interface CodeLists {
  /** Marks the object (so `loadPopulation` can tell it from a plain array). */
  readonly kind: 'code-lists';
  /** The lists, in the order given (several lists may name the same cluster). */
  readonly lists: readonly ParsedCodeList[];
}
