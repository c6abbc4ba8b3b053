import type { DataSourceOptions } from "typeorm";

/** An empty database (or PostgreSQL schema) of the same dialect, to replay revisions on; `drop` removes it. */
export interface ScratchDatabase {
  /** What it is called where it lives (a database, schema or file name), for messages. */
  readonly name: string;
  readonly options: DataSourceOptions;
  drop(): Promise<void>;
}
