import type { QueryRunner } from "typeorm";
import { dialectOf, type DialectName } from "../dialect/dialect-name";
import { introspectPostgres } from "../dialect/postgres/introspect";
import { introspectSqlite } from "../dialect/sqlite/introspect";
import type { IntrospectOptions } from "./introspect-options";
import type { SchemaModel } from "./model";

const INTROSPECTORS: Record<DialectName, (queryRunner: QueryRunner, options?: IntrospectOptions) => Promise<SchemaModel>> = {
  sqlite: introspectSqlite,
  postgres: introspectPostgres,
};

/** The live database's schema (current schema only on PostgreSQL), normalised like schemaFromMetadata's. */
export function introspect(queryRunner: QueryRunner, options: IntrospectOptions = {}): Promise<SchemaModel> {
  return INTROSPECTORS[dialectOf(queryRunner.connection)](queryRunner, options);
}
