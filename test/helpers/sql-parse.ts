import { init, parse, type DialectName } from '@guanmingchiu/sqlparser-ts';
import type { SqlDialect } from '../../src/sql/dialect.js';

/**
 * The real parser (datafusion-sqlparser-rs in WebAssembly) for the dialects that cannot run
 * here: Spark SQL / Databricks, T-SQL and Snowflake; DuckDB and PostgreSQL too, as a cheap
 * check before running. Call `await sqlParserReady()` once (e.g. in `beforeAll`).
 */
export const PARSER_DIALECT: Record<SqlDialect, DialectName> = {
  duckdb: 'duckdb',
  postgres: 'postgresql',
  spark: 'databricks',
  tsql: 'mssql',
  snowflake: 'snowflake',
};

let ready: Promise<void> | undefined;
/** Loads the parser's WebAssembly once per test file. */
export function sqlParserReady(): Promise<void> {
  ready ??= init();
  return ready;
}

/**
 * Parses one or more statements in a dialect and returns how many statements it read; throws
 * the parser's error, with the statement attached, when it cannot.
 */
export function parseSql(sql: string, dialect: SqlDialect): number {
  try {
    return parse(sql, PARSER_DIALECT[dialect]).length;
  } catch (e) {
    throw new Error(`${dialect} parser (${PARSER_DIALECT[dialect]}) refused: ${(e as Error).message}\n--- SQL ---\n${sql}`);
  }
}
