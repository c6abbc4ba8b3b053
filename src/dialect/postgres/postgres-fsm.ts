import type { DialectFsm } from "../dialect-fsm";

export const postgresFsm: DialectFsm = {
  mergedData: (table) => `(${table}.data::jsonb || excluded.data::jsonb)::text`,
  returnsMergedData: true,
  // The app's pool: every statement is autocommit, so none holds a connection another waits for.
  connection: (app) => ({ turn: (work) => work(app), statement: (once) => once(), close: async () => {} }),
};
