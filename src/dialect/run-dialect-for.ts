import type { DataSource } from "typeorm";
import { type DialectName, dialectOf } from "./dialect-name";
import { postgresRunDialect } from "./postgres/postgres-run-dialect";
import type { RunDialect } from "./run-dialect";
import { sqliteRunDialect } from "./sqlite/sqlite-run-dialect";

const RUN_DIALECTS: Record<DialectName, RunDialect> = { sqlite: sqliteRunDialect, postgres: postgresRunDialect };

export function runDialectFor(dataSource: DataSource): RunDialect {
  return RUN_DIALECTS[dialectOf(dataSource)];
}
