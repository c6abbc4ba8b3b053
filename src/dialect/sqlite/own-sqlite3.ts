import type { DataSourceOptions, QueryRunner } from "typeorm";
import { dataSourceOf } from "../data-source-of";

/** The sqlite3 module as far as this file uses it. */
interface Sqlite3Module {
  readonly Database: new (...args: never[]) => object;
}

/** The Database methods through which a statement reaches the database (`prepare` for a Statement run later). */
const CALLS = ["run", "get", "all", "each", "map", "exec", "prepare"] as const;

/** A connection of strata's own sqlite3: it counts its calls (see callsOn). */
interface CountedConnection {
  calls: number;
}

/**
 * The app's sqlite3 module with a Database that counts the calls made on it, as a new
 * object: the app's module is left as it is.
 */
function countingSqlite3(sqlite3: Sqlite3Module): Sqlite3Module {
  const Base = sqlite3.Database as unknown as new (...args: unknown[]) => object;
  const methods = Base.prototype as Record<(typeof CALLS)[number], (...args: unknown[]) => unknown>;
  class CountedDatabase extends Base {
    calls = 0;
  }
  for (const name of CALLS) {
    const call = methods[name];
    Object.defineProperty(CountedDatabase.prototype, name, {
      value: function (this: CountedConnection, ...args: unknown[]) {
        this.calls += 1;
        return call.apply(this, args);
      },
      writable: true,
      configurable: true,
    });
  }
  return Object.create(sqlite3, { Database: { value: CountedDatabase } }) as Sqlite3Module;
}

/**
 * The sqlite3 that strata's own DataSource connects with:
 * - Quiet: TypeORM opens sqlite3 through `sqlite3.verbose()`, which wraps every call of
 *   the driver in a new Error and an inspection of its arguments for longer stack traces:
 *   about a sixth of a 5,000-revision upgrade's time in a profile. strata names the
 *   revision and statement of every failure itself, so it gets the app's sqlite3 as it is
 *   (loaded as TypeORM would, and only when it connects).
 * - Counted: every call is a hop through libuv's thread pool, and a revision that made
 *   none needs no query after it to learn what it changed (sqliteTransactions.afterStep).
 * An app that set `driver` keeps its own, uncounted.
 */
export function withOwnSqlite3(options: DataSourceOptions): DataSourceOptions {
  // Read as plain fields: typeorm 1.x's option types no longer have the `sqlite` type.
  const given = options as { readonly type: string; readonly driver?: unknown };
  if (given.type !== "sqlite" || given.driver !== undefined) return options;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = { verbose: () => countingSqlite3(require("sqlite3") as Sqlite3Module) };
  return { ...given, driver } as unknown as DataSourceOptions;
}

/** How many calls the query runner's connection has had, when it is one of withOwnSqlite3's; undefined otherwise. */
export function callsOn(queryRunner: QueryRunner): number | undefined {
  const connection = (dataSourceOf(queryRunner).driver as unknown as { databaseConnection?: Partial<CountedConnection> }).databaseConnection;
  return typeof connection?.calls === "number" ? connection.calls : undefined;
}
