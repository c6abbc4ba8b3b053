import type { DataSourceOptions, QueryRunner } from "typeorm";
import type { StrataConfig } from "../config/types";
import type { Dialect } from "../dialect/dialect";
import type { ScratchDatabase } from "../dialect/scratch-database";
import { type PreparedDataSource, prepareDataSource } from "./session";

/** A new scratch database, the config of sessions on it, and the first such session's DataSource. */
export interface PreparedScratch {
  readonly scratch: ScratchDatabase;
  readonly config: StrataConfig;
  /** For the first session on the scratch only (withSession's `prepared`); undefined when none was prepared. */
  readonly prepared: Promise<PreparedDataSource> | undefined;
}

/** Settles a preparation nobody will use. */
class NotWanted extends Error {}

/**
 * Creates a scratch database through `queryRunner` and, while the server creates it (a
 * PostgreSQL database takes a few hundred milliseconds), builds the entities' metadata of
 * the session that will run on it. `configOn` is the config of a session on the given options.
 */
export async function createScratch(
  dialect: Dialect,
  options: DataSourceOptions,
  queryRunner: QueryRunner,
  configOn: (options: DataSourceOptions) => StrataConfig,
): Promise<PreparedScratch> {
  let announced: DataSourceOptions | undefined;
  let preparing: Promise<PreparedDataSource> | undefined;
  let wanted = true;
  const announce = (planned: DataSourceOptions) => {
    announced = planned;
    // A macrotask later: the statement creating the database is on its way to the server by then.
    preparing = new Promise((resolve, reject) =>
      setImmediate(() => {
        try {
          if (!wanted) throw new NotWanted();
          resolve(prepareDataSource(configOn(planned)));
        } catch (error) {
          reject(error);
        }
      }),
    );
    preparing.catch(() => {}); // awaited by the session that uses it, if one does
  };
  let scratch: ScratchDatabase;
  try {
    scratch = await dialect.createScratchDatabase(options, queryRunner, announce);
  } catch (error) {
    wanted = false;
    throw error;
  }
  // Options other than the announced ones: the database went elsewhere (a schema).
  wanted = announced === scratch.options;
  return { scratch, config: configOn(scratch.options), prepared: wanted ? preparing : undefined };
}
