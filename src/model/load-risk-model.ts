import { safeParse } from '../core/options.js';
import { fail } from '../core/errors.js';
import { createRiskModel, type RiskModel } from './risk-model.js';
import { MAX_MODEL_FEATURES, RiskModelJson, RiskModelJsonV1 } from './risk-model-json.js';
import { toSavedWarning, upgradeV1Warnings } from './model-warnings.js';
import { RISK_MODEL_FORMAT_VERSION } from './version.js';

/**
 * Loads a model saved with `model.toJSON()` (an object, or its JSON text), validating it
 * against the versioned {@link RiskModelJson} schema. Loading is exact to the bit: the loaded
 * model's coefficients and scores are identical to the saved model's. Files of format
 * version 1 (warnings as strings) are read too: their warnings become typed ones
 * (`not_converged`, else `note`), the `few_events_per_parameter` warning they never had is
 * worked out from their training counts, and the model saves as version 2.
 *
 * @param json - The saved model, as an object or a JSON string.
 * @returns The {@link RiskModel}.
 * Feature names and coefficient keys are read by own keys into null-prototype records, so
 * names such as `toString`, `constructor` or `__proto__` are ordinary names. Every number must
 * be finite (`1e999` in the JSON is Infinity, refused naming its key). A model has at most
 * {@link MAX_MODEL_FEATURES} (10,000) features. Loading is linear in the model's size.
 *
 * @throws RiskStratifyError `invalid_model`, listing every problem found (path and what is
 *   wrong), when the text is not JSON, is not a risk-stratify model, has an unsupported format
 *   version, has more than {@link MAX_MODEL_FEATURES} features, or is damaged.
 * @example
 * const again = loadRiskModel(JSON.stringify(model));
 * Object.is(again.coefficients.age, model.coefficients.age); // => true
 */
export function loadRiskModel(json: unknown): RiskModel {
  const fn = 'loadRiskModel';
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (e) {
      fail({ fn, code: 'invalid_model', path: ['json'], value: json, message: `not valid JSON (${(e as Error).message})` });
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail({ fn, code: 'invalid_model', path: ['json'], value: data, message: 'expected a saved risk model object' });
  }
  const rec = data as Record<string, unknown>;
  if (rec['format'] !== 'risk-stratify/risk-model') {
    fail({ fn, code: 'invalid_model', path: ['format'], value: rec['format'], message: "not a risk-stratify model file (expected format 'risk-stratify/risk-model')" });
  }
  if (rec['formatVersion'] !== 1 && rec['formatVersion'] !== RISK_MODEL_FORMAT_VERSION) {
    fail({ fn, code: 'invalid_model', path: ['formatVersion'], value: rec['formatVersion'], message: `unsupported model format version (this library reads versions 1 and ${RISK_MODEL_FORMAT_VERSION})` });
  }
  // A size limit checked before anything else is read: a huge file is refused at once.
  const features = rec['features'];
  if (Array.isArray(features) && features.length > MAX_MODEL_FEATURES) {
    fail({ fn, code: 'invalid_model', path: ['features'], value: features.length, message: `the model has ${features.length} features; at most ${MAX_MODEL_FEATURES} are supported` });
  }
  for (const key of ['coefficients', 'standardErrors']) {
    const r = rec[key];
    const size = r !== null && typeof r === 'object' ? Object.keys(r).length : 0;
    if (size > MAX_MODEL_FEATURES + 1) {
      fail({ fn, code: 'invalid_model', path: [key], value: size, message: `${key} has ${size} entries; a model has at most ${MAX_MODEL_FEATURES} features and the intercept` });
    }
  }
  const parsed = rec['formatVersion'] === 1 ? safeParse(RiskModelJsonV1, data) : safeParse(RiskModelJson, data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    fail({ fn, code: 'invalid_model', path: parsed.error.issues[0]!.path.map(String), message: `damaged model file, ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? `; and ${problems.length - 20} more (see details.problems)` : ''}`, details: { problems } });
  }
  const m = parsed.data;
  if (m.formatVersion === 1) {
    const warnings = upgradeV1Warnings(m.warnings, m.training, m.features.length, m.fit.l2).map(toSavedWarning);
    return createRiskModel({ ...m, formatVersion: RISK_MODEL_FORMAT_VERSION, warnings });
  }
  return createRiskModel(m);
}
