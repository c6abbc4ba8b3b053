import type { DataSource } from "typeorm";
import { ConfigError } from "../errors";

/** The databases strata runs on. Per-dialect code is looked up by this name. */
export type DialectName = "sqlite" | "postgres";

/** TypeORM driver types and the dialect each one speaks (better-sqlite3 shares SQLite's DDL). */
const DIALECT_OF_DRIVER: Readonly<Record<string, DialectName>> = {
  sqlite: "sqlite",
  "better-sqlite3": "sqlite",
  postgres: "postgres",
};

export function dialectOf(dataSource: Pick<DataSource, "options">): DialectName {
  const dialect = DIALECT_OF_DRIVER[dataSource.options.type];
  if (!dialect) {
    throw new ConfigError(
      `Database type "${dataSource.options.type}" is not supported: strata runs on sqlite and postgres.`,
    );
  }
  return dialect;
}
