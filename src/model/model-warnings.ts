/**
 * The warnings a fitted model carries in its JSON: too few events per parameter, and
 * non-convergence; and the reading of warnings saved by format version 1 (plain strings).
 * Internal to the model stage.
 *
 * @module
 */
import { resultWarning, type ResultWarning, type ResultWarningCode } from '../core/result-warning.js';

/** Events (of the rarer outcome) per parameter below which a logistic model is unreliable (Peduzzi et al. 1996). */
export const MIN_EVENTS_PER_PARAMETER = 10;

/**
 * `few_events_per_parameter` when the rarer of events and non-events is fewer than 10 per
 * estimated parameter (the features; the intercept is not counted, as in Peduzzi et al.
 * 1996, "A simulation study of the number of events per variable in logistic regression
 * analysis", J Clin Epidemiol 49:1373-9: below 10 events per variable, coefficients were
 * biased in both directions, their variances misestimated and confidence intervals
 * miscovered). Weighted fits count weights. Undefined when there are enough.
 */
export function eventsPerParameterWarning(events: number, weightSum: number, parameters: number, l2: number): ResultWarning | undefined {
  if (parameters === 0) return undefined;
  const nonEvents = weightSum - events;
  const rarer = Math.min(events, nonEvents);
  const perParameter = rarer / parameters;
  if (perParameter >= MIN_EVENTS_PER_PARAMETER) return undefined;
  const which = events <= nonEvents ? 'events' : 'non-events';
  const round = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  return resultWarning(
    'few_events_per_parameter',
    `${round(rarer)} ${which} (the rarer outcome) for ${parameters} parameter(s): ${perParameter < 1 ? perParameter.toFixed(2) : perParameter.toFixed(1)} per parameter, ` +
      `fewer than the ${MIN_EVENTS_PER_PARAMETER} below which logistic regression coefficients, their standard errors and the risks they give are unreliable (Peduzzi et al. 1996)` +
      `${l2 > 0 ? '; the ridge penalty shrinks the coefficients but does not make up for so few events' : ''}: fit fewer features or on more data, and do not select people on this model`,
    { path: ['training', 'events'], count: rarer },
  );
}

/** `not_converged`: the deviance was still changing after `maxIterations`. */
export function notConvergedWarning(maxIterations: number): ResultWarning {
  return resultWarning('not_converged', `fitRiskModel: did not converge in ${maxIterations} iterations (deviance still changing); raise maxIterations or add a small l2 penalty`, { path: ['converged'] });
}

/** The codes a saved model's warnings may have; any other code is read as `note`. */
const MODEL_CODES: readonly ResultWarningCode[] = ['few_events_per_parameter', 'not_converged', 'case_managed_in_training', 'note'];

/** A saved warning as a {@link ResultWarning}: known codes kept, any other read as `note`. */
export function readSavedWarning(w: { code: string; message: string; path?: (string | number)[] | undefined; count?: number | undefined; examples?: string[] | undefined }): ResultWarning {
  const code = (MODEL_CODES as readonly string[]).includes(w.code) ? (w.code as ResultWarningCode) : 'note';
  return resultWarning(code, w.message, { ...(w.path !== undefined ? { path: w.path } : {}), ...(w.count !== undefined ? { count: w.count } : {}), ...(w.examples !== undefined ? { examples: w.examples } : {}) });
}

/**
 * Warnings saved by format version 1 (strings) as typed ones: the non-convergence message as
 * `not_converged`, anything else as `note`; and, since version 1 never wrote it, the
 * events-per-parameter warning worked out again from the saved training counts.
 */
export function upgradeV1Warnings(strings: readonly string[], training: { events: number; weightSum: number }, parameters: number, l2: number): ResultWarning[] {
  const out = strings.map((m) => (/did not converge/.test(m) ? resultWarning('not_converged', m, { path: ['converged'] }) : resultWarning('note', m)));
  const epv = eventsPerParameterWarning(training.events, training.weightSum, parameters, l2);
  if (epv !== undefined) out.push(epv);
  return out;
}

/** A warning as saved in the model JSON (plain mutable arrays). */
export function toSavedWarning(w: ResultWarning): { code: string; message: string; path?: (string | number)[]; count?: number; examples?: string[] } {
  return {
    code: w.code,
    message: w.message,
    ...(w.path !== undefined ? { path: [...w.path] } : {}),
    ...(w.count !== undefined ? { count: w.count } : {}),
    ...(w.examples !== undefined ? { examples: [...w.examples] } : {}),
  };
}
