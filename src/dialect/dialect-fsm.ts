import type { DataSource } from "typeorm";

/**
 * What the FSM storage (src/plugins/fsm) does differently per database: how the
 * top-level merge of `updateData` is written in SQL, and where its statements run.
 */
export interface DialectFsm {
  /**
   * The data of the existing row (`quotedTable`.data) with the upsert's patch
   * (excluded.data) merged in at the top level (each key of the patch replaces that
   * key's value whole, null kept as a value), in one expression so the upsert stays
   * atomic. `:removal` binds the patch's keys mapped to null, for a dialect that needs it.
   */
  mergedData(quotedTable: string): string;
  /** Whether the merging upsert returns the merged data; otherwise the storage reads it back in the same turn. */
  readonly returnsMergedData: boolean;
  /** Where one storage's statements run, for the app's DataSource. */
  connection(app: DataSource, busyTimeoutMs: number): FsmConnection;
}

/** The connection an FSM storage's statements run on. */
export interface FsmConnection {
  /** Runs `work` in one turn: no other turn's statements run on this connection meanwhile. */
  turn<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T>;
  /** Runs one autocommit statement, again after a pause while the database is locked where that can happen. */
  statement<T>(once: () => Promise<T>): Promise<T>;
  /** Closes what the connection opened of its own; the app's DataSource stays open. */
  close(): Promise<void>;
}
