// Public entry of the compare stage: named exports only.
export { suppressSmallNumbers, SuppressionRule } from './suppress-small-numbers.js';
export type { SuppressionNote, SuppressedTable, TableRow } from './suppress-small-numbers.js';
