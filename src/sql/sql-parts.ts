/**
 * Small SQL pieces the score, segment, cohort and churn writers share: the dialects, quoting,
 * string literals, a table name, options parsing for `zod/mini` schemas. Internal.
 *
 * @module
 */
import { z } from 'zod/mini';
import type { z as zc } from 'zod';
import { parseOptions } from '../core/options.js';
import { doubleSQL, idOrderSQL, quoteIdentifier } from '../model/risk-model-to-sql.js';

/** The dialects the SQL writers know. */
export const SqlDialect = z.enum(['duckdb', 'postgres', 'spark', 'tsql', 'snowflake']);
/** One of {@link SqlDialect}. */
export type SqlDialect = z.output<typeof SqlDialect>;

/** A non-empty name (table or column). */
export const SqlName = z.string().check(z.minLength(1));

/** Validates options against a `zod/mini` schema as `parseOptions` does (same error, same path). */
export function parseSqlOptions<S extends z.ZodMiniType>(fn: string, schema: S, input: unknown): z.output<S> {
  return parseOptions(fn, schema as unknown as zc.ZodType<z.output<S>>, input);
}

/** The writer of one dialect: identifiers, literals, casts, the binary id order. */
export interface SqlWriter {
  readonly dialect: SqlDialect;
  /** A quoted identifier. */
  id(name: string): string;
  /** A table name, quoted part by part at dots. */
  table(name: string): string;
  /** A string literal. */
  text(value: string): string;
  /** `CAST(expr AS double)`. */
  double(expr: string): string;
  /** The id as text in binary order (`ORDER BY` tie-break, and equality in T-SQL, whose default collation ignores case). */
  idText(expr: string): string;
  /** `a = b` for ids, compared exactly (binary) in every dialect. */
  idEquals(a: string, b: string): string;
}

/** The {@link SqlWriter} of `dialect`. */
export function sqlWriter(dialect: SqlDialect): SqlWriter {
  const id = (name: string): string => quoteIdentifier(dialect, name);
  const backslash = dialect === 'spark' || dialect === 'snowflake';
  return {
    dialect,
    id,
    table: (name) => name.split('.').map(id).join('.'),
    text: (value) => {
      // Spark reads '' as two adjacent literals (concatenated), so a quote is \' there;
      // Spark and Snowflake read a backslash as an escape, so it is doubled.
      const escaped = backslash ? value.replaceAll('\\', '\\\\') : value;
      const body = dialect === 'spark' ? escaped.replaceAll("'", "\\'") : escaped.replaceAll("'", "''");
      return dialect === 'tsql' ? `N'${body}'` : `'${body}'`;
    },
    double: (expr) => doubleSQL(dialect, expr),
    idText: (expr) => idOrderSQL(dialect, expr),
    idEquals: (a, b) => (dialect === 'tsql' ? `${idOrderSQL(dialect, a)} = ${idOrderSQL(dialect, b)}` : `${a} = ${b}`),
  };
}
