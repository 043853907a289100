// Internal: collects validation issues for one source and marks rejected rows.
import type { SourceName, ValidationCode, ValidationIssue } from '../schema/validation-issue.js';
import type { ResolvedSource } from './read-source.js';

export class IssueSink {
  readonly rejected: Uint8Array;
  constructor(
    readonly src: ResolvedSource,
    readonly out: ValidationIssue[],
  ) {
    this.rejected = new Uint8Array(src.rows);
  }

  get source(): SourceName {
    return this.src.source;
  }

  /** Display row number of 0-based row r. */
  rowNumber(r: number): number {
    return this.src.rowNumbers ? this.src.rowNumbers[r]! : r + 1;
  }

  /** Records an issue for 0-based row `r` (or -1 for the whole source). */
  add(r: number, field: string, value: unknown, code: ValidationCode, message: string): void {
    const row = r < 0 ? 0 : this.rowNumber(r);
    if (r >= 0) this.rejected[r] = 1;
    const where = row === 0 ? `${this.src.source}` : `${this.src.source} row ${row}`;
    const issue: { -readonly [K in keyof ValidationIssue]: ValidationIssue[K] } = {
      source: this.src.source, row, field, value, code, message: `${where}${field ? ` ${field}` : ''}: ${message}`,
    };
    if (this.src.file !== undefined) issue.file = this.src.file;
    this.out.push(issue);
  }

  /** Rows rejected so far. */
  rejectedCount(): number {
    let k = 0;
    for (let r = 0; r < this.rejected.length; r++) k += this.rejected[r]!;
    return k;
  }
}
