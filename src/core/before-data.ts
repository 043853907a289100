/**
 * The `beforeData` option shared by every step with a lookback or before-window (apart from
 * `check-window.ts`, so that the steps that only check windows bundle without zod).
 *
 * @module
 */
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';

/**
 * What a step does when a lookback or before-window starts before activity is complete
 * (`Population.window.activityFrom`): `'warn'` (default) adds a `window_before_data` warning
 * to the result, `'error'` refuses with a `window_before_data` error. The same option, by the
 * same name, in every step that has such a window.
 *
 * @example
 * buildFeatures(population, { asOf: '2021-12-31', beforeData: 'error' }); // throws window_before_data if the lookback starts early
 */
export const BeforeData = /* @__PURE__ */ lazySchema(() => z._default(z.enum(['warn', 'error']), 'warn'));
/**
 * See {@link BeforeData}.
 *
 * @example
 * const policy: BeforeDataPolicy = 'warn';
 */
export type BeforeDataPolicy = 'warn' | 'error';
