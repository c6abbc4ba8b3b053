import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataSourceOptions, QueryRunner } from "typeorm";
import { quoteIdentifier } from "../config/identifier";

/** An empty database of the same dialect, to replay revisions on; `drop` removes it. */
export interface ScratchDatabase {
  readonly options: DataSourceOptions;
  drop(): Promise<void>;
}

/** A temporary SQLite file, or a temporary PostgreSQL database created through `queryRunner`. */
export async function createScratchDatabase(options: DataSourceOptions, queryRunner: QueryRunner): Promise<ScratchDatabase> {
  if (options.type === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "strata-scratch-"));
    return {
      options: { ...options, database: join(dir, "scratch.sqlite") },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `strata_scratch_${randomBytes(6).toString("hex")}`;
  await queryRunner.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  const pg = options as DataSourceOptions & { url?: string; database?: string };
  const scratchOptions = pg.url
    ? { ...pg, url: withDatabase(pg.url, name) }
    : { ...pg, database: name };
  return {
    options: scratchOptions as DataSourceOptions,
    drop: async () => {
      await queryRunner.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
