/**
 * Small pieces the score, segment, cohort and churn writers share on top of the dialect layer
 * (`dialect.ts`): the dialect option's schema, a name's schema, options parsing for `zod/mini`
 * schemas, exact id equality. Internal.
 *
 * @module
 */
import { z } from 'zod/mini';
import type { z as zc } from 'zod';
import { parseOptions } from '../core/options.js';
import { fail } from '../core/errors.js';
import { SQL_DIALECTS, sqlDialect, type Dialect, type SqlDialect } from './dialect.js';

/** The `dialect` option: one of `SQL_DIALECTS`. */
export const SqlDialectOption = z.enum(SQL_DIALECTS);

/** A non-empty name (table or column). */
export const SqlName = z.string().check(z.minLength(1));

/** Validates options against a `zod/mini` schema as `parseOptions` does (same error, same path). */
export function parseSqlOptions<S extends z.ZodMiniType>(fn: string, schema: S, input: unknown): z.output<S> {
  return parseOptions(fn, schema as unknown as zc.ZodType<z.output<S>>, input);
}

/** The dialect's writer plus exact id equality. */
export interface SqlWriter extends Dialect {
  /** `a = b` for ids, compared exactly (binary) in every dialect (T-SQL's default collation ignores case). */
  idEquals(a: string, b: string): string;
}

/** The {@link SqlWriter} of `dialect`. */
export function sqlWriter(dialect: SqlDialect): SqlWriter {
  const d = sqlDialect(dialect);
  return { ...d, idEquals: (a, b) => (dialect === 'tsql' ? `${d.idText(a)} = ${d.idText(b)}` : `${a} = ${b}`) };
}

/**
 * Refuses an unqualified table name equal (case ignored) to one of the statement's own CTE
 * names: inside a later CTE it would mean the CTE, not the table. A schema-qualified name is
 * always the table.
 */
export function checkTableName(fn: string, path: readonly (string | number)[], table: string, ctes: readonly string[]): void {
  if (!table.includes('.') && ctes.some((c) => c.toLowerCase() === table.toLowerCase())) {
    fail({ fn, code: 'invalid_options', path: ['options', ...path], value: table, message: `'${table}' is the name of one of the SQL's own CTEs (${ctes.join(', ')}); qualify it with its schema` });
  }
}
