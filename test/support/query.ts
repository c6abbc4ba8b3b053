import { Client } from "pg";
import sqlite3 from "sqlite3";
import type { TestDatabase } from "./dialects";

/** Runs one statement against a test database, outside strata, and returns the rows. */
export async function queryDb<T = Record<string, unknown>>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  if (db.dialect === "postgres") {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const handle = new sqlite3.Database(db.url);
  try {
    return await new Promise<T[]>((ok, fail) => handle.all(sql, params, (e, rows) => (e ? fail(e) : ok(rows as T[]))));
  } finally {
    await new Promise<void>((ok) => handle.close(() => ok()));
  }
}

export async function tableNames(db: TestDatabase): Promise<string[]> {
  const rows = await queryDb<{ name: string }>(
    db,
    db.dialect === "postgres"
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

export async function appliedRevisions(db: TestDatabase, table = "strata_version"): Promise<{ revision: string; state: string; checksum: string }[]> {
  return queryDb(db, `SELECT "revision", "state", "checksum" FROM "${table}" ORDER BY "revision"`);
}
