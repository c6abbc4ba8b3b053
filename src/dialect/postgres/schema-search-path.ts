import type { DataSourceOptions } from "typeorm";
import { quoteIdentifier } from "../../config/identifier";

/**
 * With a `schema` option, strata's connections search that schema first: TypeORM names
 * the schema in its own statements but leaves the search path alone, and strata's
 * catalog queries, version table and row counts use the current schema.
 */
export function withSchemaSearchPath(options: DataSourceOptions): DataSourceOptions {
  const given = options as DataSourceOptions & { schema?: string; extra?: { options?: string } };
  if (given.type !== "postgres" || !given.schema) return options;
  // libpq's options string splits at spaces unless they are escaped.
  const searchPath = `-c search_path=${quoteIdentifier(given.schema).replace(/ /g, "\\ ")}`;
  const before = given.extra?.options;
  return { ...given, extra: { ...given.extra, options: before ? `${before} ${searchPath}` : searchPath } } as DataSourceOptions;
}
