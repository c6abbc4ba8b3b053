import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { createTestDatabase, type DialectName, PG_ADMIN_URL, type TestDatabase } from "../support/dialects";
import { queryDb } from "../support/query";

export const REPO_ROOT = resolve(__dirname, "..", "..");

/** A database of the bench's own (what a child process gets: no `drop`). */
export type BenchDatabase = Pick<TestDatabase, "dialect" | "url" | "options">;

/**
 * Everything one bench run creates: a work directory inside the repository (generated
 * revision files import strata's sources relatively from there) and databases whose
 * names carry the run's own tag, so that `dispose` removes all of them, also after a
 * failure or an interruption, and nothing else.
 */
export class BenchWorkspace {
  readonly dir: string;
  private readonly tag: string;
  private readonly databases = new Set<TestDatabase>();
  private serial = 0;
  private usedPostgres = false;

  constructor() {
    this.tag = `bench${randomBytes(3).toString("hex")}`;
    this.dir = mkdtempSync(join(REPO_ROOT, `.vitest-tmp-bench-${this.tag}-`));
  }

  /** A fresh directory under the work directory (all at the same depth). */
  directory(label: string): string {
    const dir = join(this.dir, `${String(++this.serial).padStart(3, "0")}-${label}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async createDatabase(dialect: DialectName, label: string): Promise<TestDatabase> {
    this.usedPostgres ||= dialect === "postgres";
    const db = await createTestDatabase(dialect, `${this.tag}_${label}`);
    this.databases.add(db);
    return db;
  }

  /**
   * Flushes the PostgreSQL server's dirty buffers (CHECKPOINT), so that a measured step
   * does not pay for the writes of the step before it: 1,250 DDL statements leave enough
   * behind to move the next step's time by a third. Nothing on SQLite.
   */
  async settle(dialect: DialectName): Promise<void> {
    if (dialect === "postgres") await queryDb({ dialect: "postgres", url: PG_ADMIN_URL } as TestDatabase, "CHECKPOINT");
  }

  async dropDatabase(db: BenchDatabase): Promise<void> {
    const own = [...this.databases].find((d) => d.url === db.url);
    if (!own) return;
    this.databases.delete(own);
    await own.drop();
  }

  /** Drops every database of this run (PostgreSQL ones by name, so a crashed step's go too) and the work directory. */
  async dispose(): Promise<void> {
    try {
      for (const db of [...this.databases]) await this.dropDatabase(db);
      if (this.usedPostgres) {
        const admin = { dialect: "postgres", url: PG_ADMIN_URL } as TestDatabase;
        const left = await queryDb<{ datname: string }>(admin, `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`strata_t_${this.tag}_`]);
        for (const { datname } of left) await queryDb(admin, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
