import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DataSourceOptions, EntitySchema } from "typeorm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveConfig, type StrataConfig } from "../../src";
import { createScratch } from "../../src/runtime/prepared-scratch";
import { withSession } from "../../src/runtime/session";
import { createTestDatabase, type DialectName, DIALECTS, PG_ADMIN_URL, type TestDatabase } from "../support/dialects";
import { queryDb } from "../support/query";

const Ticket = new EntitySchema({
  name: "Ticket",
  tableName: "tickets",
  columns: {
    id: { type: Number, primary: true, generated: "increment" },
    title: { type: "varchar", length: 40 },
  },
});

/** A database and a project folder of the test's own, with Ticket as the entities, made before each test and removed after it. */
function ticketProject(dialect: DialectName, label: string): { db: TestDatabase; config: StrataConfig } {
  const made = {} as { db: TestDatabase; config: StrataConfig; dir: string };
  beforeEach(async () => {
    made.db = await createTestDatabase(dialect, label);
    made.dir = mkdtempSync(join(tmpdir(), "strata-prepared-"));
    mkdirSync(join(made.dir, "migrations"));
    made.config = resolveConfig({ dataSource: { ...made.db.options, entities: [Ticket] }, migrationsDir: "migrations" }, made.dir);
  });
  afterEach(async () => {
    rmSync(made.dir, { recursive: true, force: true });
    await made.db.drop();
  });
  return made;
}

describe.each(DIALECTS)("a scratch database and the session on it, on %s", (dialect) => {
  const made = ticketProject(dialect, "prepared");

  it("connects the first session with the DataSource built while the database was created", async () => {
    const { db, config } = made;
    await withSession(config, {}, async (live) => {
      const configOn = (options: DataSourceOptions): StrataConfig => ({ ...config, dataSource: options, versionTable: "strata_scratch_test" });
      const { scratch, config: onScratch, prepared } = await createScratch(live.dialect, live.dataSource.options, live.queryRunner, configOn);
      try {
        if (dialect === "postgres") {
          // The server takes a while to create a database: the entities' metadata is built meanwhile.
          expect(prepared).toBeDefined();
          const { dataSource } = await prepared!;
          expect(dataSource.isInitialized).toBe(false);
          expect(dataSource.entityMetadatas.map((m) => m.tableName)).toEqual(["tickets"]);
          await withSession(onScratch, { write: true, prepared }, async (session) => {
            expect(session.dataSource).toBe(dataSource);
            const [{ name }] = await session.queryRunner.query(`SELECT current_database() AS name`);
            expect(name).toBe(scratch.name);
            expect((await session.entities()).get("tickets")).toBe(config.appBranch);
          });
        } else {
          // A SQLite scratch database is a new file at once: nothing to build meanwhile.
          expect(prepared).toBeUndefined();
          await withSession(onScratch, { write: true }, async (session) => {
            expect(session.dataSource.options).toMatchObject({ database: scratch.name });
            expect((await session.entities()).get("tickets")).toBe(config.appBranch);
          });
        }
      } finally {
        await scratch.drop();
      }
      if (dialect === "postgres") {
        const left = await queryDb({ ...db, url: PG_ADMIN_URL }, `SELECT datname FROM pg_database WHERE datname = $1`, [scratch.name]);
        expect(left).toEqual([]);
      }
    });
  }, 60_000);
});

// Only PostgreSQL prepares a build (a database takes the server a while to create).
// Registered only where PostgreSQL runs (CI always), so a SQLite-only leg reports no skipped test.
if (DIALECTS.includes("postgres")) {
  describe("a prepared build that fails on postgres", () => {
    const made = ticketProject("postgres", "prepared_bad");

    it("is the configuration's error, as a build at connect reports it", async () => {
      const { config } = made;
      const Bad = new EntitySchema({ name: "Bad", tableName: "bad", columns: { id: { type: Number, primary: true }, at: { type: "tinyint" } } });
      await withSession(config, {}, async (live) => {
        // The scratch's options are the live database's, entities included: here, one the driver rejects.
        const configOn = (options: DataSourceOptions): StrataConfig => ({ ...config, dataSource: { ...options, entities: [Bad] } as DataSourceOptions });
        const { scratch, config: onScratch, prepared } = await createScratch(live.dialect, live.dataSource.options, live.queryRunner, configOn);
        try {
          expect(prepared).toBeDefined();
          await expect(withSession(onScratch, { prepared }, async () => undefined)).rejects.toThrow(/The entities cannot be used with [^\n]*"Bad\.at" is not supported[\s\S]*Change the column's type/);
        } finally {
          await scratch.drop();
        }
      });
    }, 60_000);
  });
}
