/**
 * The matrix every model, segmentation and evaluation stage reads: named, column-major
 * columns with one row per person, and the row-to-person mapping kept.
 *
 * @module
 */

/** A numeric column: `Float64Array`, or a narrower typed array where values allow. */
export type FeatureColumn = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** Column-major features, one row per eligible person. */
export interface FeatureMatrix {
  /** Number of rows. */
  readonly n: number;
  /** Feature names, in column order. */
  readonly names: readonly string[];
  /** One typed array of length `n` per name. */
  readonly columns: readonly FeatureColumn[];
  /** Person id of each row (`''` when built from bare columns without ids). */
  readonly rowIds: readonly string[];
  /** Population row of each matrix row (identity when built from bare columns). */
  readonly rows: Uint32Array;
  /** Day number the features stood at, when known. */
  readonly asOf: number | undefined;
  /** A column by name, or `undefined`. */
  column(name: string): FeatureColumn | undefined;
}
