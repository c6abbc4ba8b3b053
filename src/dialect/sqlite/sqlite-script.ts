import { typeorm } from "../../loading/typeorm-module";
import { dataSourceOf } from "../data-source-of";
import type { Dialect } from "../dialect";
import { scriptOf } from "../script-of";

/** What the two drivers' connections have in common: `exec` runs a whole script (async with a callback on sqlite3). */
interface ExecConnection {
  exec(sql: string, callback?: (error: Error | null) => void): unknown;
}

/**
 * TypeORM's SQLite query runners prepare one statement per call, so a script goes to the
 * driver's own `exec`, on the query runner's connection (SQLite's TypeORM drivers have one).
 */
export const runSqliteScript: Dialect["runScript"] = async (queryRunner, statements) => {
  const script = scriptOf(statements);
  const connection = (await queryRunner.connect()) as ExecConnection;
  try {
    if (dataSourceOf(queryRunner).options.type === "better-sqlite3") connection.exec(script);
    else await new Promise<void>((resolve, reject) => connection.exec(script, (error) => (error ? reject(error) : resolve())));
  } catch (error) {
    // As TypeORM reports a failed statement, so that callers (isSqliteBusy, messages) read it alike.
    throw new (typeorm().QueryFailedError)(script, [], error as Error);
  }
};
