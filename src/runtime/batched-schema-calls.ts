import type { QueryRunner } from "typeorm";
import type { Dialect } from "../dialect/dialect";

interface SchemaQuery {
  readonly query: string;
  readonly parameters?: readonly unknown[];
}

/** The internals of TypeORM's query runners this relies on, alike in typeorm 0.3 and 1.x (BaseQueryRunner). */
interface SchemaCalls {
  sqlMemoryMode: boolean;
  executeQueries(up: SchemaQuery | SchemaQuery[], down: SchemaQuery | SchemaQuery[]): Promise<void>;
}

/**
 * Runs `work` (a revision's up or down, inside its transaction) with every schema call
 * of TypeORM's on `queryRunner` (createTable, createIndex, addColumn …) sending its
 * statements as one script, one round trip, instead of one each: a new table and its
 * indexes go together. Each call still finishes, or throws, before it returns, so the
 * revision sees the same order and the same errors. TypeORM's SQL-in-memory mode (its
 * `log()`), single statements and statements with bound parameters go through as before.
 */
export async function withBatchedSchemaCalls<T>(queryRunner: QueryRunner, dialect: Dialect, work: () => Promise<T>): Promise<T> {
  const runner = queryRunner as unknown as SchemaCalls;
  const hadOwn = Object.prototype.hasOwnProperty.call(runner, "executeQueries");
  const original = runner.executeQueries;
  runner.executeQueries = function (this: SchemaCalls, up, down) {
    const statements = Array.isArray(up) ? up : [up];
    if (this.sqlMemoryMode || statements.length < 2 || statements.some((s) => s.parameters?.length)) return original.call(this, up, down);
    // TypeORM's own bookkeeping (its in-memory log of up and down SQL) without its statement-by-statement run.
    this.sqlMemoryMode = true;
    let recorded: Promise<void>;
    try {
      recorded = original.call(this, up, down);
    } finally {
      this.sqlMemoryMode = false;
    }
    return recorded.then(() => dialect.runScript(queryRunner, statements.map((s) => s.query)));
  };
  try {
    return await work();
  } finally {
    if (hadOwn) runner.executeQueries = original;
    else delete (runner as Partial<SchemaCalls>).executeQueries;
  }
}
