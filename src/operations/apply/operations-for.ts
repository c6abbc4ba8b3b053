import type { QueryRunner } from "typeorm";
import type { DialectName } from "../../dialect/dialect-name";
import { dialectOf } from "../../dialect/dialect-name";
import { postgresOperations } from "../../dialect/postgres/postgres-operations";
import { sqliteOperations } from "../../dialect/sqlite/sqlite-operations";
import type { DialectOperations } from "./dialect-operations";

export const DIALECT_OPERATIONS: Readonly<Record<DialectName, DialectOperations>> = {
  postgres: postgresOperations,
  sqlite: sqliteOperations,
};

/** The operations of the database `queryRunner` is connected to. */
export const operationsFor = (queryRunner: QueryRunner): DialectOperations =>
  DIALECT_OPERATIONS[dialectOf(queryRunner.connection)];
