import type { DialectOperations } from "../dialect-operations";
import { resolveColumnType } from "../resolve-column-type";
import { POSTGRES_TYPE_EQUIVALENTS, postgresDefault } from "./postgres-equivalents";
import { dataSourceOf } from "../data-source-of";

/** How a column spec is spelled on PostgreSQL: what postgresOperations builds columns from. */
export const postgresColumns: Pick<DialectOperations, "columnType" | "columnDefault"> = {
  // TypeORM creates (or reuses) the enum type for a column of type "enum".
  columnType: (queryRunner, spec) =>
    spec.enumValues ? "enum" : resolveColumnType(dataSourceOf(queryRunner).driver, spec.type, POSTGRES_TYPE_EQUIVALENTS),
  columnDefault: (spec) => postgresDefault(spec.default),
};
