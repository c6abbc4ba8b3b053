import type { DataSource, QueryRunner } from "typeorm";
import { dataSourceOf } from "./data-source-of";
import type { Dialect } from "./dialect";
import type { DialectName } from "./dialect-name";
import { postgresDialect } from "./postgres/postgres-dialect";
import { sqliteDialect } from "./sqlite/sqlite-dialect";
import { type SupportedDriver, supportedDriver } from "./supported-drivers";

const BY_NAME: Readonly<Record<DialectName, Dialect>> = { sqlite: sqliteDialect, postgres: postgresDialect };

/** Every dialect strata has. */
export const ALL_DIALECTS: readonly Dialect[] = Object.values(BY_NAME);

export const dialectNamed = (name: DialectName): Dialect => BY_NAME[name];

/** The dialect each driver type speaks: better-sqlite3 is SQLite through another driver. */
const DIALECT_OF_DRIVER: Readonly<Record<SupportedDriver, Dialect>> = {
  sqlite: sqliteDialect,
  "better-sqlite3": sqliteDialect,
  postgres: postgresDialect,
};

/** The dialect of the database a DataSource (or a query runner's) points at; an unsupported one is a ConfigError. */
export function dialectFor(source: Pick<DataSource, "options"> | QueryRunner): Dialect {
  const options = "options" in source ? source.options : dataSourceOf(source).options;
  return DIALECT_OF_DRIVER[supportedDriver(options)];
}
