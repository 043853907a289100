import type { RiskModel } from './risk-model.js';
import type { RiskModelJson } from './risk-model-json.js';

/** JSON with object keys sorted, so the same model gives the same text however it was built or loaded. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** FNV-1a over UTF-16 code units, 32 bits, from a given offset basis. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A short name for a model that changes whenever anything in its saved form changes
 * (coefficients, features, fit, training, provenance): `rm-` and 16 hex digits, two FNV-1a
 * 32-bit hashes of its canonical JSON (keys sorted). The same model saved and loaded again
 * has the same id. Not a security hash: it names a model in provenance, it does not protect
 * one. O(size of the JSON).
 *
 * @param model - A `RiskModel`, or its saved JSON.
 * @returns The id.
 * @example
 * const m = fitRiskModel(toFeatureMatrix({ age: [50, 60, 70, 80, 55, 65, 75, 85] }), [0, 0, 1, 1, 0, 1, 0, 1]);
 * modelId(m) === modelId(loadRiskModel(JSON.stringify(m))); // => true
 * /^rm-[0-9a-f]{16}$/.test(modelId(m)); // => true
 */
export function modelId(model: RiskModel | RiskModelJson): string {
  const json = typeof (model as RiskModel).toJSON === 'function' ? (model as RiskModel).toJSON() : model;
  const text = canonical(json);
  const hex = (x: number): string => x.toString(16).padStart(8, '0');
  return `rm-${hex(fnv1a(text, 0x811c9dc5))}${hex(fnv1a(text, 0x01000193 ^ 0x5bd1e995))}`;
}
