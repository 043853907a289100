// Internal: code -> clusters lookup over a set of code lists.
import { isIcd10Code, normaliseIcd10 } from '../schema/normalise-icd10.js';
import { clusterKey } from './cluster-key.js';
import type { ParsedCodeList } from './code-list.js';

/** The clusters one code marks: as a diagnosis, and as resolved. Indices into `CodeListIndex.clusters`. */
export interface CodeClusters {
  readonly diagnosis: readonly number[];
  readonly resolved: readonly number[];
}

/** Code lists ready for lookup. */
export interface CodeListIndex {
  /** Cluster names (the first spelling of each key), in first-seen order. */
  readonly clusters: string[];
  /** Whether any list has resolved codes (else every row is its own register row). */
  readonly hasResolved: boolean;
  /** The clusters a code (as the extract writes it) marks, or undefined when it is in no list and is not a known cluster. */
  lookup(code: string): CodeClusters | undefined;
}

const NONE: readonly number[] = Object.freeze([]);
/** A SNOMED CT id written as a float by a spreadsheet or a dataframe (`84114007.0`). */
const FLOAT_ID = /^[1-9][0-9]{5,17}\.0+$/;
/** A Read v2 / CTV3 code: up to 5 characters with dots only at the end, or the 5 characters plus a 2-digit term code. */
const READ_LIKE = /^(?:[A-Za-z0-9]{1,5}\.*|(?![0-9]{7}$)[A-Za-z0-9][A-Za-z0-9.]{4}[0-9]{2})$/;
const READ_WITH_TERM = /^(?![0-9]{7}$)[A-Za-z0-9][A-Za-z0-9.]{4}[0-9]{2}$/; // not 7 digits: that is a SNOMED CT id
/** A Read code without trailing dots (case kept: Read codes are case-sensitive). */
const readKey = (c: string): string => c.replace(/\.+$/, '');

/**
 * Indexes code lists: SNOMED CT, Read and local codes match exactly (after trimming); an
 * ICD-10 code in a list matches every code it prefixes, compared without the dot and in upper
 * case (`J45` matches `J45.0`, `j450`). A code in several lists marks every one of their
 * clusters. A code in no list that is a cluster name `isKnown` accepts counts as that cluster
 * (so an extract coded with cluster names needs no lists). O(codes in the lists).
 */
export function indexCodeLists(lists: readonly ParsedCodeList[], isKnown: (code: string) => boolean): CodeListIndex {
  const clusters: string[] = [];
  const byKey = new Map<string, number>();
  const intern = (name: string): number => {
    const k = clusterKey(name);
    let j = byKey.get(k);
    if (j === undefined) {
      j = clusters.length;
      byKey.set(k, j);
      clusters.push(name);
    }
    return j;
  };
  const exact = new Map<string, { d: Set<number>; r: Set<number> }>();
  const icd = new Map<string, { d: Set<number>; r: Set<number> }>();
  // Read v2 / CTV3 codes without their trailing dots (`H33..` -> `H33`), for extracts that pad or strip them differently
  const read = new Map<string, { d: Set<number>; r: Set<number> }>();
  let hasResolved = false;
  const add = (map: typeof exact, code: string, j: number, resolved: boolean): void => {
    let e = map.get(code);
    if (!e) map.set(code, (e = { d: new Set(), r: new Set() }));
    (resolved ? e.r : e.d).add(j);
  };
  for (const l of lists) {
    const j = intern(l.cluster);
    const map = l.system === 'icd10' ? icd : exact;
    const isRead = l.system === 'read2' || l.system === 'ctv3';
    for (const c of l.codes) {
      add(map, c, j, false);
      if (isRead) add(read, readKey(c), j, false);
    }
    for (const c of l.resolvedCodes ?? []) {
      add(map, c, j, true);
      if (isRead) add(read, readKey(c), j, true);
      hasResolved = true;
    }
  }
  const cache = new Map<string, CodeClusters | undefined>();
  const lookup = (raw: string): CodeClusters | undefined => {
    if (cache.has(raw)) return cache.get(raw);
    const code = raw.trim();
    const d = new Set<number>();
    const r = new Set<number>();
    const take = (e: { d: Set<number>; r: Set<number> } | undefined): void => {
      if (!e) return;
      for (const x of e.d) d.add(x);
      for (const x of e.r) r.add(x);
    };
    take(exact.get(code));
    if (d.size === 0 && r.size === 0) {
      // forms extracts write the same code in: a SNOMED id written as a float (`84114007.0`);
      // a Read code with its 2-digit term code (`C10..00`) or with its trailing dots stripped (`C10`)
      if (FLOAT_ID.test(code)) take(exact.get(code.replace(/\.0+$/, '')));
      else if (read.size > 0 && READ_LIKE.test(code)) take(read.get(readKey(READ_WITH_TERM.test(code) ? code.slice(0, 5) : code)));
    }
    if (icd.size > 0) {
      const n = normaliseIcd10(code);
      if (isIcd10Code(n)) for (let k = n.length; k >= 3; k--) take(icd.get(n.slice(0, k)));
    }
    let out: CodeClusters | undefined;
    if (d.size > 0 || r.size > 0) out = { diagnosis: d.size ? [...d] : NONE, resolved: r.size ? [...r] : NONE };
    else if (isKnown(code)) out = { diagnosis: [intern(code)], resolved: NONE };
    cache.set(raw, out);
    return out;
  };
  return { clusters, hasResolved, lookup };
}
