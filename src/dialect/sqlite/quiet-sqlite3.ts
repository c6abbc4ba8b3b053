import type { DataSourceOptions } from "typeorm";

/**
 * TypeORM opens sqlite3 through `sqlite3.verbose()`, which wraps every call of the
 * driver in a new Error and an inspection of its arguments for longer stack traces: about
 * a sixth of a 5,000-revision upgrade's time in a profile. strata
 * names the revision and statement of every failure itself, so its own DataSource gets
 * the app's sqlite3 as it is (loaded as TypeORM would, and only when it connects).
 * An app that set `driver` keeps its own.
 */
export function withQuietSqlite3(options: DataSourceOptions): DataSourceOptions {
  // Read as plain fields: typeorm 1.x's option types no longer have the `sqlite` type.
  const given = options as { readonly type: string; readonly driver?: unknown };
  if (given.type !== "sqlite" || given.driver !== undefined) return options;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = { verbose: () => require("sqlite3") as unknown };
  return { ...given, driver } as unknown as DataSourceOptions;
}
