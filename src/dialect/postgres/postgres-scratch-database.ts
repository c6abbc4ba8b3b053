import { randomBytes } from "node:crypto";
import type { DataSourceOptions, QueryRunner } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";
import type { ScratchDatabase } from "../scratch-database";

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A temporary database on the same server, created and dropped through `queryRunner`. */
export async function postgresScratchDatabase(options: DataSourceOptions, queryRunner: QueryRunner): Promise<ScratchDatabase> {
  const name = `strata_scratch_${randomBytes(6).toString("hex")}`;
  await queryRunner.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  const pg = options as DataSourceOptions & { url?: string };
  return {
    options: (pg.url ? { ...pg, url: withDatabase(pg.url, name) } : { ...pg, database: name }) as DataSourceOptions,
    drop: async () => {
      await queryRunner.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    },
  };
}
