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
  let announced: { options: DataSourceOptions; prepared: Promise<PreparedDataSource> } | undefined;
  let failed = false;
  const announce = (planned: DataSourceOptions) => {
    // A macrotask later: the statement creating the database is on its way to the server by then.
    const prepared = new Promise<PreparedDataSource>((resolve, reject) =>
      setImmediate(() => {
        try {
          if (failed) throw new Error("the scratch database was not created");
          resolve(prepareDataSource(configOn(planned)));
        } catch (error) {
          reject(error);
        }
      }),
    );
    prepared.catch(() => {}); // awaited by the session that uses it, if one does
    announced = { options: planned, prepared };
  };
  let scratch: ScratchDatabase;
  try {
    scratch = await dialect.createScratchDatabase(options, queryRunner, announce);
  } catch (error) {
    failed = true;
    throw error;
  }
  // Other options than the announced ones: the database went elsewhere (a schema), and what was prepared goes unused.
  const prepared = announced?.options === scratch.options ? announced.prepared : undefined;
  return { scratch, config: configOn(scratch.options), prepared };
}
