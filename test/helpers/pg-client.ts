import pg from 'pg';

/** Where the PostgreSQL tests connect: CI starts a server and exports PGHOST/PGUSER/PGPASSWORD/PGDATABASE (pg also reads PGPORT). */
export const pgConfig = {
  host: process.env['PGHOST'] ?? '127.0.0.1',
  user: process.env['PGUSER'] ?? 'postgres',
  password: process.env['PGPASSWORD'] ?? 'postgres',
  database: process.env['PGDATABASE'] ?? 'postgres',
  connectionTimeoutMillis: 3000,
};

/**
 * A connected client, or why there is none (`problem`); outside CI a missing server is warned
 * of loudly and the caller's PostgreSQL tests skip (`describe.skipIf(skip)`), in CI they fail.
 */
export async function connectPg(what: string): Promise<{ client: pg.Client | undefined; problem: string; skip: boolean }> {
  try {
    const client = new pg.Client(pgConfig);
    await client.connect();
    return { client, problem: '', skip: false };
  } catch (e) {
    const problem = (e as Error).message;
    if (!process.env['CI']) console.warn(`\n!!! SKIPPING the PostgreSQL ${what} tests: no server at ${pgConfig.host} (${problem}). CI runs them. !!!\n`);
    return { client: undefined, problem, skip: !process.env['CI'] };
  }
}
