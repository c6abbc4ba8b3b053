import type { SchemaModel } from "./model";

/** What an introspector is told by its caller. */
export interface IntrospectOptions {
  /**
   * Tables to leave out (the version table, `ignoreTables` globs, unmanagedObjects().tables).
   * Internal tables (SQLite's `sqlite_*`, TypeORM's `typeorm_metadata`) are always left out.
   */
  readonly exclude?: (table: string) => boolean;
  /** Indexes to leave out (unmanagedObjects().indexes: `@Index({ synchronize: false })`). */
  readonly excludeIndex?: (table: string, index: string) => boolean;
}

/** An introspection started ahead (Dialect.introspectAhead), finished with the options known by then. */
export type Introspection = (options?: IntrospectOptions) => Promise<SchemaModel>;
