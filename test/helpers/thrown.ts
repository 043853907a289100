import { isRiskStratifyError, type RiskStratifyError } from '../../src/core/errors.js';

/** The error `f` throws; fails the test when it throws none, and rethrows one not ours. */
export function thrown(f: () => unknown): RiskStratifyError {
  try {
    f();
  } catch (e) {
    if (isRiskStratifyError(e)) return e;
    throw e;
  }
  throw new Error('expected a RiskStratifyError');
}
