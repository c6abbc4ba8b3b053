import type { Dialect } from "../dialect";
import { introspectSqlite } from "./sqlite-introspect";
import { normalizeSqliteSchema } from "./sqlite-normalize";
import { isSqliteBusy } from "./sqlite-busy";
import { withOwnSqlite3 } from "./own-sqlite3";
import { sqliteFsm } from "./sqlite-fsm";
import { sqliteOperations } from "./sqlite-operations";
import { sqlitePort } from "./sqlite-port";
import { sqliteRebuildsTable } from "./sqlite-rebuilds-table";
import { sqliteRunLock } from "./sqlite-run-lock";
import { sqliteSchemaCopy } from "./sqlite-schema-copy";
import { sqliteScratchDatabase } from "./sqlite-scratch-database";
import { runSqliteScript } from "./sqlite-script";
import { sqliteTransactions } from "./sqlite-transactions";
import { sqliteUnmodelledObjects } from "./sqlite-unmodelled-objects";
import { sqliteVersionTable } from "./sqlite-version-table";

/** SQLite, through TypeORM's `sqlite` (sqlite3) or `better-sqlite3` driver. */
export const sqliteDialect: Dialect = {
  name: "sqlite",
  title: "SQLite",
  introspect: introspectSqlite,
  // One connection, and the driver's calls run one at a time: nothing to start ahead.
  introspectAhead: async (queryRunner) => (options) => introspectSqlite(queryRunner, options),
  normalize: normalizeSqliteSchema,
  operations: sqliteOperations,
  rebuildsTable: sqliteRebuildsTable,
  isBusy: isSqliteBusy,
  runScript: runSqliteScript,
  connectionOptions: withOwnSqlite3,
  ...sqliteRunLock,
  ...sqliteTransactions,
  ...sqliteVersionTable,
  serverVersion: async (queryRunner) => ((await queryRunner.query(`SELECT sqlite_version() AS "version"`)) as { version: string }[])[0]!.version,
  listUnmodelledObjects: sqliteUnmodelledObjects,
  schemaCopy: sqliteSchemaCopy,
  createScratchDatabase: sqliteScratchDatabase,
  port: sqlitePort,
  fsm: sqliteFsm,
};
