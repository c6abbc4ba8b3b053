import type { DataSourceOptions } from "typeorm";

/** An empty database of the same dialect, to replay revisions on; `drop` removes it. */
export interface ScratchDatabase {
  readonly options: DataSourceOptions;
  drop(): Promise<void>;
}
