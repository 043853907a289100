/**
 * The SQL dialect layer: everything that differs between the five warehouses the library
 * writes SQL for (quoting, literals, date arithmetic, casts, collation, flags), in one place,
 * so every generator writes each construct the same way.
 *
 * @module
 */
import { fail } from '../core/errors.js';
import { dayFromCivil, formatDay } from '../core/dates.js';

/** The SQL dialects the library writes. */
export const SQL_DIALECTS = Object.freeze(['duckdb', 'postgres', 'spark', 'tsql', 'snowflake'] as const);

/**
 * A SQL dialect: `duckdb`, `postgres`, `spark` (Spark SQL / Databricks), `tsql` (SQL Server,
 * Azure Synapse) or `snowflake`.
 */
export type SqlDialect = (typeof SQL_DIALECTS)[number];

/**
 * How one dialect writes each construct. Every method returns SQL text; arguments named
 * `expr`/`cond` are SQL the library built itself (quoted identifiers, literals), never caller text.
 */
export interface Dialect {
  /** The dialect's name. */
  readonly name: SqlDialect;
  /** The double-precision type (`DOUBLE`, `DOUBLE PRECISION`, `FLOAT`). */
  readonly doubleType: string;
  /** The text type (`VARCHAR`, `TEXT`, `STRING`, `NVARCHAR(4000)`). */
  readonly textType: string;
  /** One identifier, quoted (embedded quote characters doubled): `"a""b"`, `` `a` ``, `[a]`. */
  ident(name: string): string;
  /** A possibly dotted name (`schema.table`), each part quoted; or the parts given as an array. */
  qualified(name: string | readonly string[]): string;
  /** A finite double as a literal with 17 significant digits (round-trips exactly). */
  number(x: number): string;
  /** A safe integer as a literal. */
  int(n: number): string;
  /** A string literal (quotes and, where the dialect reads them, backslashes escaped). */
  string(s: string): string;
  /** A date literal from a day number or a validated `yyyy-mm-dd`. */
  date(day: number | string): string;
  /** `CAST(expr AS DATE)`: a timestamp or date column to a date. */
  toDate(expr: string): string;
  /** The date `n` days after `expr` (a date). */
  addDays(expr: string, n: number): string;
  /** The date `n` calendar months after `expr`, clamped to the month's last day. */
  addMonths(expr: string, n: number): string;
  /** Whole days from date `from` to date `to` (`to - from`). */
  diffDays(from: string, to: string): string;
  /** Calendar year of a date. */
  year(expr: string): string;
  /** Calendar month (1..12) of a date. */
  month(expr: string): string;
  /** Day of month (1..31) of a date. */
  day(expr: string): string;
  /** `CAST(expr AS double)`. */
  double(expr: string): string;
  /** `CAST(expr AS text)`. */
  text(expr: string): string;
  /** An id as text compared in binary (code point) order: JavaScript's string order for ASCII ids. */
  idText(expr: string): string;
  /** Smallest integer not below `expr`. */
  ceil(expr: string): string;
  /** `expr` rounded to a whole number. */
  round(expr: string): string;
  /** A condition as an integer 0/1 (T-SQL has no boolean values): `CASE WHEN cond THEN 1 ELSE 0 END`. */
  flag(cond: string): string;
  /** The larger of two non-NULL values. */
  greatest(a: string, b: string): string;
  /** The smaller of two non-NULL values. */
  least(a: string, b: string): string;
  /** Statements replacing table `name` (already quoted) by the result of a query. */
  createTable(name: string, query: SqlQuery): string[];
  /** Statements replacing view `name` (already quoted) by the query. */
  createView(name: string, query: SqlQuery): string[];
}

/**
 * A query as its parts, so a dialect can place `INTO` (T-SQL) or wrap it in a
 * `CREATE ... AS`: `WITH ctes SELECT select FROM from [ORDER BY orderBy]`.
 */
export interface SqlQuery {
  /** Common table expressions, in order: [unquoted internal name, body]. */
  readonly with: readonly (readonly [string, string])[];
  /** The final select list (SQL). */
  readonly select: string;
  /** The final FROM clause (SQL). */
  readonly from: string;
  /** Optional ORDER BY list (dropped when the query creates a table or view). */
  readonly orderBy?: string;
}

/** The query as one SELECT statement (no trailing semicolon). */
export function renderQuery(d: Dialect, q: SqlQuery, into?: string): string {
  const parts: string[] = [];
  if (q.with.length > 0) parts.push(`WITH ${q.with.map(([n, body]) => `${d.ident(n)} AS (\n${body}\n)`).join(', ')}`);
  parts.push(`SELECT ${q.select}`);
  if (into !== undefined) parts.push(`INTO ${into}`);
  parts.push(`FROM ${q.from}`);
  if (q.orderBy !== undefined && into === undefined) parts.push(`ORDER BY ${q.orderBy}`);
  return parts.join('\n');
}

const FN = 'sqlDialect';

/** A double as a SQL literal with 17 significant digits (round-trips exactly), e.g. `-3.8203593280860790e+0`. */
export function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  return x.toExponential(16);
}

const doubled = (open: string, close: string) => (s: string): string => {
  if (s.length === 0 || s.includes('\u0000')) fail({ fn: FN, code: 'invalid_argument', path: ['identifier'], value: s, message: 'an identifier must be non-empty text without NUL characters' });
  return `${open}${s.replaceAll(close, close + close)}${close}`;
};

function checkedText(s: string): string {
  if (typeof s !== 'string' || s.includes('\u0000')) fail({ fn: FN, code: 'invalid_argument', path: ['literal'], value: s, message: 'a string literal must be text without NUL characters' });
  return s;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A validated `yyyy-mm-dd` for a day number or a `yyyy-mm-dd` string; anything else throws. */
export function isoDay(day: number | string): string {
  let out: string | undefined;
  if (typeof day === 'number') {
    if (Number.isInteger(day) && Math.abs(day) <= 2932896) out = formatDay(day); // years 0001..9999
  } else if (typeof day === 'string') {
    const m = ISO_DAY.exec(day);
    if (m) {
      const [y, mo, dd] = [Number(m[1]), Number(m[2]), Number(m[3])];
      // round trip rejects 2023-02-29 and the like
      if (y >= 1 && mo >= 1 && mo <= 12 && formatDay(dayFromCivil(y, mo, dd)) === day) out = day;
    }
  }
  if (out === undefined || !ISO_DAY.test(out)) fail({ fn: FN, code: 'invalid_argument', path: ['date'], value: day, message: 'is not a date (a day number or yyyy-mm-dd)' });
  return out;
}

function checkedInt(n: number): string {
  if (!Number.isSafeInteger(n)) fail({ fn: FN, code: 'invalid_argument', path: ['integer'], value: n, message: 'is not a safe integer' });
  return String(n);
}

interface Parts {
  name: SqlDialect;
  doubleType: string;
  textType: string;
  ident: (s: string) => string;
  string: (s: string) => string;
  date: (iso: string) => string;
  addDays: (e: string, n: string) => string;
  addMonths: (e: string, n: string) => string;
  diffDays: (a: string, b: string) => string;
  ymd: (part: 'YEAR' | 'MONTH' | 'DAY', e: string) => string;
  idText: (e: string) => string;
  ceil: string;
  round: (e: string) => string;
  greatest: (a: string, b: string) => string;
  least: (a: string, b: string) => string;
  createTable: (d: Dialect, name: string, q: SqlQuery) => string[];
  createView: (d: Dialect, name: string, q: SqlQuery) => string[];
}

const ansiString = (s: string): string => `'${checkedText(s).replaceAll("'", "''")}'`;
// Snowflake reads backslash escapes inside '...': escape the backslash first.
const backslashString = (s: string): string => `'${checkedText(s).replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
// Spark reads backslash escapes inside '...' and joins adjacent literals ('a''b' is 'ab'), so a
// quote or backslash is written as CHR(39) / CHR(92) between plain pieces.
function sparkString(s: string): string {
  const pieces = checkedText(s).split(/(['\\])/);
  if (pieces.length === 1) return `'${s}'`;
  return `CONCAT(${pieces.filter((p) => p !== '').map((p) => (p === "'" ? 'CHR(39)' : p === '\\' ? 'CHR(92)' : `'${p}'`)).join(', ')})`;
}
const extract = (part: string, e: string): string => `EXTRACT(${part} FROM ${e})`;
const fnPart = (part: string, e: string): string => `${part}(${e})`;
const caseGreatest = (a: string, b: string): string => `CASE WHEN ${a} >= ${b} THEN ${a} ELSE ${b} END`;
const caseLeast = (a: string, b: string): string => `CASE WHEN ${a} <= ${b} THEN ${a} ELSE ${b} END`;
const orReplaceTable = (d: Dialect, name: string, q: SqlQuery): string[] => [`CREATE OR REPLACE TABLE ${name} AS\n${renderQuery(d, q)}`];
const orReplaceView = (d: Dialect, name: string, q: SqlQuery): string[] => [`CREATE OR REPLACE VIEW ${name} AS\n${renderQuery(d, q)}`];

const PARTS: Record<SqlDialect, Parts> = {
  duckdb: {
    name: 'duckdb', doubleType: 'DOUBLE', textType: 'VARCHAR',
    ident: doubled('"', '"'), string: ansiString, date: (s) => `DATE '${s}'`,
    addDays: (e, n) => `CAST(${e} + INTERVAL (${n}) DAY AS DATE)`,
    addMonths: (e, n) => `CAST(${e} + INTERVAL (${n}) MONTH AS DATE)`,
    diffDays: (a, b) => `DATE_DIFF('day', ${a}, ${b})`,
    ymd: extract, idText: (e) => `CAST(${e} AS VARCHAR)`, ceil: 'CEIL', round: (e) => `ROUND(${e})`,
    greatest: (a, b) => `GREATEST(${a}, ${b})`, least: (a, b) => `LEAST(${a}, ${b})`,
    createTable: orReplaceTable, createView: orReplaceView,
  },
  postgres: {
    name: 'postgres', doubleType: 'DOUBLE PRECISION', textType: 'TEXT',
    ident: doubled('"', '"'), string: ansiString, date: (s) => `DATE '${s}'`,
    addDays: (e, n) => `(${e} + ${n})`,
    addMonths: (e, n) => `CAST(${e} + (${n}) * INTERVAL '1 month' AS DATE)`,
    diffDays: (a, b) => `(${b} - ${a})`,
    ymd: (p, e) => `CAST(${extract(p, e)} AS INTEGER)`, idText: (e) => `CAST(${e} AS TEXT) COLLATE "C"`, ceil: 'CEIL', round: (e) => `ROUND(${e})`,
    greatest: (a, b) => `GREATEST(${a}, ${b})`, least: (a, b) => `LEAST(${a}, ${b})`,
    createTable: (d, name, q) => [`DROP TABLE IF EXISTS ${name}`, `CREATE TABLE ${name} AS\n${renderQuery(d, q)}`],
    createView: orReplaceView,
  },
  spark: {
    name: 'spark', doubleType: 'DOUBLE', textType: 'STRING',
    ident: doubled('`', '`'), string: sparkString, date: (s) => `DATE '${s}'`,
    addDays: (e, n) => `DATE_ADD(${e}, ${n})`,
    addMonths: (e, n) => `ADD_MONTHS(${e}, ${n})`,
    diffDays: (a, b) => `DATEDIFF(${b}, ${a})`,
    ymd: fnPart, idText: (e) => `CAST(${e} AS STRING)`, ceil: 'CEIL', round: (e) => `ROUND(${e})`,
    greatest: (a, b) => `GREATEST(${a}, ${b})`, least: (a, b) => `LEAST(${a}, ${b})`,
    createTable: orReplaceTable, createView: orReplaceView,
  },
  tsql: {
    name: 'tsql', doubleType: 'FLOAT', textType: 'NVARCHAR(4000)',
    ident: doubled('[', ']'), string: (s) => `N${ansiString(s)}`, date: (s) => `CAST('${s}' AS DATE)`,
    addDays: (e, n) => `DATEADD(day, ${n}, ${e})`,
    addMonths: (e, n) => `DATEADD(month, ${n}, ${e})`,
    diffDays: (a, b) => `DATEDIFF(day, ${a}, ${b})`,
    ymd: fnPart, idText: (e) => `CAST(${e} AS NVARCHAR(4000)) COLLATE Latin1_General_100_BIN2`, ceil: 'CEILING', round: (e) => `ROUND(${e}, 0)`,
    greatest: caseGreatest, least: caseLeast,
    createTable: (d, name, q) => [`DROP TABLE IF EXISTS ${name}`, renderQuery(d, q, name)],
    createView: (d, name, q) => [`CREATE OR ALTER VIEW ${name} AS\n${renderQuery(d, q)}`],
  },
  snowflake: {
    name: 'snowflake', doubleType: 'DOUBLE', textType: 'VARCHAR',
    ident: doubled('"', '"'), string: backslashString, date: (s) => `DATE '${s}'`,
    addDays: (e, n) => `DATEADD(day, ${n}, ${e})`,
    addMonths: (e, n) => `DATEADD(month, ${n}, ${e})`,
    diffDays: (a, b) => `DATEDIFF(day, ${a}, ${b})`,
    ymd: fnPart, idText: (e) => `COLLATE(CAST(${e} AS VARCHAR), 'utf8')`, ceil: 'CEIL', round: (e) => `ROUND(${e})`,
    greatest: caseGreatest, least: caseLeast,
    createTable: orReplaceTable, createView: orReplaceView,
  },
};

const unordered = (q: SqlQuery): SqlQuery => ({ with: q.with, select: q.select, from: q.from });

function build(p: Parts): Dialect {
  const d: Dialect = {
    name: p.name,
    doubleType: p.doubleType,
    textType: p.textType,
    ident: p.ident,
    qualified: (name) => (typeof name === 'string' ? name.split('.') : name).map(p.ident).join('.'),
    number: sqlNumber,
    int: checkedInt,
    string: p.string,
    date: (day) => p.date(isoDay(day)),
    toDate: (e) => `CAST(${e} AS DATE)`,
    addDays: (e, n) => p.addDays(e, checkedInt(n)),
    addMonths: (e, n) => p.addMonths(e, checkedInt(n)),
    diffDays: p.diffDays,
    year: (e) => p.ymd('YEAR', e),
    month: (e) => p.ymd('MONTH', e),
    day: (e) => p.ymd('DAY', e),
    double: (e) => `CAST(${e} AS ${p.doubleType})`,
    text: (e) => `CAST(${e} AS ${p.textType})`,
    idText: p.idText,
    ceil: (e) => `${p.ceil}(${e})`,
    round: p.round,
    flag: (cond) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`,
    greatest: p.greatest,
    least: p.least,
    // a table or view has no row order (T-SQL refuses ORDER BY in a view)
    createTable: (name, q) => p.createTable(d, name, unordered(q)),
    createView: (name, q) => p.createView(d, name, unordered(q)),
  };
  return Object.freeze(d);
}

const DIALECTS: Record<SqlDialect, Dialect> = {
  duckdb: build(PARTS.duckdb),
  postgres: build(PARTS.postgres),
  spark: build(PARTS.spark),
  tsql: build(PARTS.tsql),
  snowflake: build(PARTS.snowflake),
};

/**
 * The {@link Dialect} of a name.
 *
 * @param name - One of {@link SQL_DIALECTS}.
 * @returns The dialect's writer.
 * @throws RiskStratifyError `invalid_argument` for an unknown name.
 * @example
 * sqlDialect('tsql').qualified('dbo.people'); // => '[dbo].[people]'
 * sqlDialect('postgres').date('2025-05-01'); // => "DATE '2025-05-01'"
 */
export function sqlDialect(name: SqlDialect): Dialect {
  const d = (SQL_DIALECTS as readonly string[]).includes(name) ? DIALECTS[name] : undefined;
  if (d === undefined) fail({ fn: FN, code: 'invalid_argument', path: ['dialect'], value: name, message: `is not a SQL dialect (${SQL_DIALECTS.join(', ')})` });
  return d;
}
