import { StrataError } from "../errors";
import { appliedIds } from "./applied";
import { captureSql } from "./capture-sql";
import { runSteps, type Step, type StepResult } from "./run-steps";
import type { Session } from "./session";

export interface RunOutcome {
  readonly steps: readonly StepResult[];
  /** With `sql`: the statements the run would execute (nothing was changed). */
  readonly sql?: readonly string[];
}

/** Refuses to migrate a database that has tables but no version table: it needs `stamp`. */
async function refuseUnadopted(session: Session): Promise<void> {
  if (await session.versionTable.exists(session.queryRunner)) return;
  const tables = await session.dialect.listTables(session.queryRunner);
  if (tables.length === 0) return;
  const shown = tables.slice(0, 5).join(", ") + (tables.length > 5 ? ", …" : "");
  throw new StrataError(
    `The database already has tables (${shown}) but no ${session.config.versionTable} table: strata has never managed it.\n` +
      `If its schema matches a revision, adopt it with \`strata stamp <revision>\`, then upgrade.`,
  );
}

/** Runs `steps`, or with `sql` runs them inside a transaction that is rolled back and returns the SQL. */
export async function applySteps(session: Session, steps: readonly Step[], sql: boolean): Promise<RunOutcome> {
  if (!sql) {
    if (steps.length > 0) await session.versionTable.ensure(session.queryRunner);
    return { steps: await runSteps(session, steps) };
  }
  const { dialect, queryRunner } = session;
  const statements: string[] = [];
  await dialect.begin(queryRunner, session.lock);
  try {
    statements.push(...(await captureSql(queryRunner, () => session.versionTable.ensure(queryRunner))));
    for (const step of steps) {
      statements.push(`-- ${step.direction === "up" ? "upgrade" : "downgrade"} ${step.revision.id}: ${step.revision.message}`);
      statements.push(...(await captureSql(queryRunner, () => runSteps(session, [step], { insideTransaction: true }).then(() => undefined))));
    }
  } finally {
    await dialect.rollback(queryRunner);
  }
  return { steps: [], sql: statements };
}

export async function upgrade(session: Session, target: string, options: { sql?: boolean } = {}): Promise<RunOutcome> {
  await refuseUnadopted(session);
  const plan = session.graph.upgradePlan(appliedIds(session), target);
  return applySteps(session, plan.map((revision) => ({ revision, direction: "up" as const })), options.sql ?? false);
}
