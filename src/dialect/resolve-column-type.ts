import type { ColumnType, Driver } from "typeorm";
import { StrataError } from "../errors";

/**
 * The type to create for `declared` on the running database. TypeORM's own
 * normalizeType comes first (so "varchar" on PostgreSQL is "character varying", and
 * "uuid" on SQLite is "varchar", as for an entity); a name the driver still does not
 * support is looked up in the dialect's `equivalents`, because a revision written
 * against one database may name the other's types ("timestamptz" on SQLite, "datetime"
 * on PostgreSQL).
 */
export function resolveColumnType(
  driver: Driver,
  declared: string,
  equivalents: Readonly<Record<string, string>>,
): string {
  const supported = (type: string) => driver.supportedDataTypes.includes(type as ColumnType);
  const normalized = driver.normalizeType({ type: declared });
  if (supported(normalized)) return normalized;
  const equivalent = equivalents[normalized] ?? equivalents[declared.toLowerCase()];
  if (equivalent !== undefined && supported(equivalent)) return equivalent;
  throw new StrataError(
    `Column type "${declared}" has no ${driver.options.type} equivalent that strata knows. ` +
      `Edit the revision to use a type both databases accept.`,
  );
}
