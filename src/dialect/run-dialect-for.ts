import type { DataSource } from "typeorm";
import { ConfigError } from "../errors";
import { postgresRunDialect } from "./postgres/postgres-run-dialect";
import type { RunDialect } from "./run-dialect";
import { sqliteRunDialect } from "./sqlite/sqlite-run-dialect";

const RUN_DIALECTS: Record<string, RunDialect> = { sqlite: sqliteRunDialect, postgres: postgresRunDialect };

export function runDialectFor(dataSource: DataSource): RunDialect {
  const dialect = RUN_DIALECTS[dataSource.options.type];
  if (!dialect) {
    throw new ConfigError(`Database type "${dataSource.options.type}" is not supported: strata runs on sqlite and postgres.`);
  }
  return dialect;
}
