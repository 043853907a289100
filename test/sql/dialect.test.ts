import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, formatDay, parseDate } from '../../src/core/dates.js';
import { isoDay, renderQuery, SQL_DIALECTS, sqlDialect, type SqlQuery } from '../../src/sql/dialect.js';
import { connectPg } from '../helpers/pg-client.js';
import { useDuckDB } from '../helpers/warehouse-tables.js';
import { parseSql, sqlParserReady } from '../helpers/sql-parse.js';
import { thrown } from '../helpers/thrown.js';

// Text a caller might hand us: quotes of every dialect, backslashes, a statement break, Unicode.
const NASTY = ["O'Brien", 'back\\slash', "it\\'s", '"; DROP TABLE people; --', 'a]b', 'a`b', "'", '\\', 'Zoë 北京', ''];
// Dates around month ends and leap days: [day, months to add].
const MONTH_CASES: [string, number][] = [['2024-01-31', 1], ['2024-03-31', -1], ['2023-03-31', -1], ['2024-02-29', 12], ['2024-02-29', -12], ['2025-05-01', -12], ['2024-12-31', -120]];

/** One SELECT of every construct, with the values a library computation would give. */
function probe(d: ReturnType<typeof sqlDialect>): { sql: string; expected: Record<string, unknown> } {
  const cols: string[] = [];
  const expected: Record<string, unknown> = {};
  const add = (name: string, sql: string, value: unknown): void => {
    cols.push(`${sql} AS ${d.ident(name)}`);
    expected[name] = value;
  };
  NASTY.forEach((s, i) => add(`s${i}`, d.string(s), s));
  MONTH_CASES.forEach(([day, m], i) => {
    add(`m${i}`, d.text(d.addMonths(d.date(day), m)), formatDay(addMonths(parseDate(day)!, m)));
    add(`d${i}`, d.text(d.addDays(d.date(day), m * 40)), formatDay(parseDate(day)! + m * 40));
    add(`diff${i}`, d.diffDays(d.date('2020-01-01'), d.date(day)), parseDate(day)! - parseDate('2020-01-01')!);
  });
  add('y', d.year(d.date('2024-02-29')), 2024);
  add('mo', d.month(d.date('2024-02-29')), 2);
  add('dd', d.day(d.date('2024-02-29')), 29);
  add('num', `${d.number(0.1)} + ${d.number(0.2)}`, 0.1 + 0.2);
  add('tiny', d.number(5e-324), 5e-324);
  add('div', `${d.double(d.int(7))} / ${d.int(36)}`, 7 / 36);
  add('ceil', d.ceil(d.number(2.0000000001)), 3);
  add('round', d.round(d.number(2.5)), 3);
  add('flag1', d.flag(`${d.int(1)} < ${d.int(2)}`), 1);
  add('flag0', d.flag(`${d.int(2)} < ${d.int(1)}`), 0);
  add('gt', d.greatest(d.int(3), d.int(5)), 5);
  add('lt', d.least(d.int(3), d.int(5)), 3);
  add('ord', d.flag(`${d.idText(d.string('B'))} < ${d.idText(d.string('a'))}`), 1);
  return { sql: `SELECT ${cols.join(',\n  ')}`, expected };
}

const norm = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && !k.startsWith('s') ? Number(v) : v]));

describe('sqlDialect', () => {
  it('quotes identifiers per dialect, doubling the closing quote, and dotted names part by part', () => {
    expect(sqlDialect('duckdb').ident('a"b')).toBe('"a""b"');
    expect(sqlDialect('postgres').qualified('s.t')).toBe('"s"."t"');
    expect(sqlDialect('spark').qualified(['cat', 'sch', 'a`b'])).toBe('`cat`.`sch`.`a``b`');
    expect(sqlDialect('tsql').qualified('dbo.a]b')).toBe('[dbo].[a]]b]');
    expect(sqlDialect('snowflake').ident('risk_eta')).toBe('"risk_eta"');
  });
  it('refuses empty identifiers, NUL characters, unknown dialects, bad dates and unsafe integers', () => {
    expect(thrown(() => sqlDialect('duckdb').ident(''))).toMatchObject({ code: 'invalid_argument' });
    expect(thrown(() => sqlDialect('duckdb').string('a\u0000b'))).toMatchObject({ code: 'invalid_argument' });
    expect(thrown(() => sqlDialect('oracle' as never))).toMatchObject({ code: 'invalid_argument', path: ['dialect'] });
    for (const bad of ['2023-02-29', "2024-01-01' OR 1=1 --", '2024-1-01', '01/02/2024', 1.5]) {
      expect(thrown(() => sqlDialect('postgres').date(bad))).toMatchObject({ code: 'invalid_argument', path: ['date'] });
    }
    expect(thrown(() => sqlDialect('tsql').addDays('x', 2 ** 60))).toMatchObject({ code: 'invalid_argument' });
    expect(isoDay(0)).toBe('1970-01-01');
    expect(sqlDialect('tsql').date('2024-02-29')).toBe("CAST('2024-02-29' AS DATE)");
  });
  it('writes doubles with 17 significant digits (exact round trip)', () => {
    for (const x of [0.1, -3.82035932808608, 1 / 3, 5e-324, 1.7976931348623157e308]) expect(Number(sqlDialect('spark').number(x))).toBe(x);
    expect(() => sqlDialect('duckdb').number(Number.NaN)).toThrow(RangeError);
  });
  it('T-SQL has no boolean values: flags and GREATEST/LEAST are CASE expressions', () => {
    const t = sqlDialect('tsql');
    expect(t.flag('a < b')).toBe('CASE WHEN a < b THEN 1 ELSE 0 END');
    expect(t.greatest('a', 'b')).toBe('CASE WHEN a >= b THEN a ELSE b END');
    expect(t.ceil('x')).toBe('CEILING(x)');
  });
  it('lists the five dialects', () => {
    expect([...SQL_DIALECTS]).toEqual(['duckdb', 'postgres', 'spark', 'tsql', 'snowflake']);
  });
});

describe('every construct parses in each dialect (a real parser: datafusion-sqlparser-rs)', () => {
  beforeAll(sqlParserReady);
  const q: SqlQuery = { with: [['rs_a', 'SELECT 1 AS x']], select: '*', from: '"rs_a"', orderBy: 'x' };
  for (const name of SQL_DIALECTS) {
    it(`${name}: the probe SELECT and CREATE TABLE / VIEW statements`, () => {
      const d = sqlDialect(name);
      expect(parseSql(probe(d).sql, name)).toBe(1);
      const query: SqlQuery = { ...q, from: d.ident('rs_a') };
      for (const stmt of [...d.createTable(d.qualified('s.features'), query), ...d.createView(d.qualified('s.v'), query)]) expect(parseSql(stmt, name)).toBe(1);
      expect(renderQuery(d, query)).toContain('ORDER BY x');
    });
  }
  it('Snowflake string literals read back as the original text (backslashes and quotes escaped)', async () => {
    const { parse } = await import('@guanmingchiu/sqlparser-ts');
    const d = sqlDialect('snowflake');
    for (const s of NASTY) {
      const ast = JSON.stringify(parse(`SELECT ${d.string(s)}`, 'snowflake'));
      expect(ast).toContain(JSON.stringify({ SingleQuotedString: s }));
    }
  });
  it('Spark string literals never contain a quote or backslash inside the quotes (CHR pieces instead)', () => {
    const d = sqlDialect('spark');
    expect(d.string("O'Brien")).toBe("CONCAT('O', CHR(39), 'Brien')");
    for (const s of NASTY) expect(d.string(s).replace(/'[^'\\]*'/g, '')).not.toMatch(/['\\]/);
  });
});

describe('every construct runs in DuckDB with the library\'s values', () => {
  const duck = useDuckDB();
  it('strings, month and day arithmetic, parts, numbers, flags, binary id order', async () => {
    const { sql, expected } = probe(sqlDialect('duckdb'));
    const row = (await duck().runAndReadAll(sql)).getRowObjectsJS()[0]!;
    expect(norm(row)).toEqual(expected);
  });
  it('CREATE TABLE from a query with CTEs, under an identifier with quotes in it', async () => {
    const d = sqlDialect('duckdb');
    for (const stmt of d.createTable(d.ident('fe"at'), { with: [['rs_a', 'SELECT 2 AS x']], select: 'x', from: d.ident('rs_a') })) await duck().run(stmt);
    expect((await duck().runAndReadAll('SELECT x FROM "fe""at"')).getRowObjectsJS()).toEqual([{ x: 2 }]);
  });
});

const pg = await connectPg('SQL dialect');
describe.skipIf(pg.skip)('every construct runs in PostgreSQL with the library\'s values', () => {
  afterAll(async () => pg.client?.end());
  it('strings, month and day arithmetic, parts, numbers, flags, binary id order', async () => {
    expect(pg.client, pg.problem).toBeDefined();
    const { sql, expected } = probe(sqlDialect('postgres'));
    const res = await pg.client!.query({ text: sql, types: { getTypeParser: () => (v: string) => v } });
    const row = res.rows[0] as Record<string, string>;
    const typed = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof expected[k] === 'number' ? Number(v) : v]));
    expect(typed).toEqual(expected);
  });
  it('CREATE TABLE (drop and create) from a query with CTEs', async () => {
    const d = sqlDialect('postgres');
    const name = d.ident(`fe"at_${process.pid}`);
    for (const stmt of d.createTable(name, { with: [['rs_a', 'SELECT 2 AS x']], select: 'x', from: d.ident('rs_a') })) await pg.client!.query(stmt);
    expect((await pg.client!.query(`SELECT x FROM ${name}`)).rows).toEqual([{ x: 2 }]);
    await pg.client!.query(`DROP TABLE ${name}`);
  });
});
