/**
 * `risk-stratify/node`: everything in the core plus the parts that need Node (file paths,
 * streams, worker threads).
 *
 * @packageDocumentation
 */
export * from './index.js';
export * from './node/index.js';
