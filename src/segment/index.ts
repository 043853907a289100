/**
 * Segmenting the population.
 *
 * Start with {@link segment}: `segment(population, { asOf })`: Bridges to Health by default, or your own
 * `rules`; `summariseSegments` counts people per segment.
 *
 * @module segment
 */
export { segment, SegmentOptions, BY_DEFAULT } from './segment.js';
export type { Segmentation, RuleHit } from './segment.js';
export { rules, RulesConfig } from './rules.js';
export type { RuleCondition, SegmentDefinition, SegmentRule, SegmentationModel } from './rules.js';
export { bridgesToHealth, BridgesToHealthOptions, BRIDGES_TO_HEALTH_CLUSTERS } from './bridges-to-health.js';
export { ageByConditions, AgeByConditionsOptions } from './age-by-conditions.js';
export { frailtyCategories } from './frailty-categories.js';
export { summariseSegments } from './summarise-segments.js';
export type { SegmentSummary, SegmentSummaryRow } from './summarise-segments.js';
