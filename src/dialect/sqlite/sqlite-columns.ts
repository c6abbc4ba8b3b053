import { StrataError } from "../../errors";
import type { DialectOperations } from "../dialect-operations";
import { resolveColumnType } from "../resolve-column-type";
import { SQLITE_TYPE_EQUIVALENTS, sqliteDefault } from "./sqlite-equivalents";
import { dataSourceOf } from "../data-source-of";

/** How a column spec is spelled on SQLite: what sqliteOperations and its change plan build columns from. */
export const sqliteColumns: Pick<DialectOperations, "columnType" | "columnDefault"> = {
  columnType(queryRunner, spec) {
    if (spec.isArray) {
      throw new StrataError(`Column "${spec.name}" is an array, which only PostgreSQL has. Edit the revision for SQLite.`);
    }
    // TypeORM writes an enum on SQLite as varchar with a CHECK of the allowed values.
    return spec.enumValues ? "varchar" : resolveColumnType(dataSourceOf(queryRunner).driver, spec.type, SQLITE_TYPE_EQUIVALENTS);
  },
  columnDefault: (spec) => sqliteDefault(spec.default),
};
