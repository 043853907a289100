/**
 * The library version written into saved models (kept equal to `package.json` by a test).
 *
 * @example
 * LIBRARY_VERSION; // => '0.1.0'
 */
export const LIBRARY_VERSION = '0.1.0';

/**
 * The version of the saved-model format written by `RiskModel.toJSON()` and read by
 * `loadRiskModel`. It changes only when the format changes incompatibly. Version 2 (this
 * one) writes `warnings` as typed objects (`{ code, message, path?, count? }`); version 1
 * wrote them as strings and is still read (see `loadRiskModel`).
 *
 * @example
 * RISK_MODEL_FORMAT_VERSION; // => 2
 */
export const RISK_MODEL_FORMAT_VERSION = 2;
