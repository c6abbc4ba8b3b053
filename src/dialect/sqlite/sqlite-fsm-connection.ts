import type { DataSource, DataSourceOptions } from "typeorm";
import { typeorm } from "../../loading/typeorm-module";
import { backoffMs } from "../../plugins/fsm/backoff";
import { FsmBusyError } from "../../plugins/fsm/fsm-errors";
import { KeyedQueue } from "../../plugins/fsm/keyed-queue";
import type { FsmConnection } from "../dialect-fsm";
import { sleep } from "../sleep";
import { isSqliteBusy } from "./sqlite-busy";

/**
 * A connection of the storage's own, running one statement at a time. The sqlite3
 * driver runs a connection's statements on several threads; a write that fails with
 * SQLITE_BUSY stays active until it is finalized, writes of other statements in that
 * window join its transaction, and finalizing it rolls them back although they reported
 * success (measured: 4 of 230 updates lost). Own connection, one statement at a time:
 * the app's statements never share a transaction with the storage's. An in-memory
 * database exists only on the app's connection, so that one is used there.
 */
export function sqliteFsmConnection(app: DataSource, busyTimeoutMs: number): FsmConnection {
  const turns = new KeyedQueue();
  let own: Promise<DataSource> | undefined;
  const connected = (): Promise<DataSource> => {
    if (isInMemory(app)) return Promise.resolve(app);
    // Not the app's DataSource name (typeorm 0.3's connection manager keys by it; 1.x has none).
    const { name: _name, ...options } = app.options as DataSourceOptions & { readonly name?: string };
    own ??= new (typeorm().DataSource)({
      ...options,
      entities: [],
      subscribers: [],
      migrations: [],
      synchronize: false,
      dropSchema: false,
      migrationsRun: false,
    } as DataSourceOptions).initialize();
    return own;
  };
  return {
    turn: (work) => turns.run("", async () => work(await connected())),
    statement: (once) => retryWhileBusy(once, busyTimeoutMs),
    async close() {
      const opened = own;
      own = undefined;
      if (opened) await (await opened).destroy();
    },
  };
}

function isInMemory(dataSource: DataSource): boolean {
  const database = String((dataSource.options as { database?: unknown }).database ?? "");
  return database === "" || database === ":memory:" || /^file::memory:|mode=memory/.test(database);
}

/**
 * Runs one autocommit statement, again after a pause while another process holds the
 * SQLite database's lock (the driver's own busy timeout, when the app set none, is 1 s
 * for sqlite3). A statement that failed with SQLITE_BUSY changed nothing, so it is safe
 * to repeat. After `timeoutMs` the caller gets an FsmBusyError carrying the last error.
 */
async function retryWhileBusy<T>(statement: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      if (Date.now() >= deadline) {
        throw new FsmBusyError(
          `The FSM table's SQLite database stayed locked by other connections for ${timeoutMs} ms. Raise fsmStorage({ busyTimeoutMs }) or find the long write transaction.`,
          { cause: error },
        );
      }
      await sleep(backoffMs(attempt));
    }
  }
}
