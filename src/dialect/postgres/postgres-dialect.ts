import type { Dialect } from "../dialect";
import { stepSavepoint } from "../step-savepoint";
import { introspectPostgres, introspectPostgresAhead } from "./postgres-introspect";
import { withOwnPg } from "./own-pg";
import { normalizePostgresSchema } from "./postgres-normalize";
import { postgresFsm } from "./postgres-fsm";
import { LeaseLock } from "./postgres-lease-lock";
import { postgresOperations } from "./postgres-operations";
import { postgresPort } from "./postgres-port";
import { postgresRunLock } from "./postgres-run-lock";
import { postgresScratchDatabase } from "./postgres-scratch-database";
import { runPostgresScript } from "./postgres-script";
import { postgresTransactions } from "./postgres-transactions";
import { postgresUnmodelledObjects } from "./postgres-unmodelled-objects";
import { postgresVersionTable } from "./postgres-version-table";
import { withSchemaSearchPath } from "./schema-search-path";

/** PostgreSQL, through TypeORM's `postgres` driver: tables are altered in place, never rebuilt. */
export const postgresDialect: Dialect = {
  name: "postgres",
  title: "PostgreSQL",
  introspect: introspectPostgres,
  introspectAhead: introspectPostgresAhead,
  normalize: normalizePostgresSchema,
  operations: postgresOperations,
  rebuildsTable: () => false,
  // A lock held by another session makes PostgreSQL wait, never fail.
  isBusy: () => false,
  runScript: runPostgresScript,
  connectionOptions: (options) => withSchemaSearchPath(withOwnPg(options)),
  leaseLock: (dataSource, options) => new LeaseLock(dataSource, options),
  ...postgresRunLock,
  ...postgresTransactions,
  ...stepSavepoint(runPostgresScript),
  ...postgresVersionTable,
  serverVersion: async (queryRunner) => ((await queryRunner.query(`SHOW server_version_num`)) as { server_version_num: string }[])[0]!.server_version_num,
  listUnmodelledObjects: postgresUnmodelledObjects,
  createScratchDatabase: postgresScratchDatabase,
  port: postgresPort,
  fsm: postgresFsm,
};
