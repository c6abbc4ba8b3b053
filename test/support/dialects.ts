import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import type { DataSourceOptions } from "typeorm";
import { typeormVersion } from "../../src/dialect/typeorm-version";

export type DialectName = "sqlite" | "postgres";

/** Every dialect the suite runs against; STRATA_DIALECTS=sqlite narrows it locally. CI runs all. */
export const DIALECTS: readonly DialectName[] = (() => {
  const wanted = process.env.STRATA_DIALECTS?.split(",").map((s) => s.trim()).filter(Boolean);
  const all: DialectName[] = ["sqlite", "postgres"];
  if (!wanted || process.env.CI) return all;
  return all.filter((d) => wanted.includes(d));
})();

/**
 * The TypeORM driver the SQLite cases run on: STRATA_SQLITE_DRIVER=better-sqlite3 makes
 * the second leg of CI; the default is `sqlite` (sqlite3), which typeorm 1.x no longer has.
 */
export const SQLITE_DRIVER: "sqlite" | "better-sqlite3" = (() => {
  const driver = process.env.STRATA_SQLITE_DRIVER ?? (typeormVersion().startsWith("0.") ? "sqlite" : "better-sqlite3");
  if (driver !== "sqlite" && driver !== "better-sqlite3") throw new Error(`STRATA_SQLITE_DRIVER is "${driver}": use sqlite or better-sqlite3.`);
  return driver;
})();

/** Options for a SQLite database on SQLITE_DRIVER (typed for typeorm 0.3 and 1.x, whose types lack `sqlite`). */
export const sqliteOptions = (database: string, more: Partial<DataSourceOptions> = {}): DataSourceOptions =>
  ({ ...more, type: SQLITE_DRIVER, database }) as DataSourceOptions;

/** The server the PostgreSQL tests use; databases are created in it per test file. */
export const PG_ADMIN_URL = process.env.STRATA_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A database of the test's own: a fresh SQLite file, or a new PostgreSQL database. */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** A `DATABASE_URL`-style value: `postgres://…` or a SQLite file path. */
  readonly url: string;
  readonly options: DataSourceOptions;
  /** Drops what this helper created, and nothing else. */
  drop(): Promise<void>;
}

function uniqueName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, "_").slice(0, 30);
  return `strata_t_${safe}_${randomBytes(4).toString("hex")}`;
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(dialect: DialectName, label: string): Promise<TestDatabase> {
  const name = uniqueName(label);
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "strata-test-"));
    const file = join(dir, `${name}.sqlite`);
    return {
      dialect,
      url: file,
      options: sqliteOptions(file),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    options: { type: "postgres", url: url.toString() },
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
