import type { QueryRunner } from "typeorm";
import { dialectFor } from "./dialect-for";
import type { DialectName } from "./dialect-name";

/** SQL to run, or a function doing the work, for one dialect. */
export type DialectStep = string | readonly string[] | ((queryRunner: QueryRunner) => Promise<unknown>);

/**
 * Runs the step written for the database the revision runs on, for the rare change with
 * no portable form (as mautrix upgrade tables carry SQL per dialect). A dialect the
 * revision has no step for is an error, never a silent no-op.
 */
export async function forDialect(queryRunner: QueryRunner, steps: Partial<Record<DialectName, DialectStep>>): Promise<void> {
  const dialect = dialectFor(queryRunner).name;
  const step = steps[dialect];
  if (step === undefined) {
    throw new Error(`This revision has no step for ${dialect} (it has: ${Object.keys(steps).join(", ") || "none"}).`);
  }
  if (typeof step === "function") {
    await step(queryRunner);
    return;
  }
  for (const sql of typeof step === "string" ? [step] : step) await queryRunner.query(sql);
}
