import { relative } from "node:path";
import { createInterface } from "node:readline/promises";
import type { CheckOutcome, DataLoss, GenerateOutcome, MigrationEvent, RevisionSummary, StepResult } from "../src";

export const out = (line = "") => process.stdout.write(`${line}\n`);
export const err = (line: string) => process.stderr.write(`${line}\n`);

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

function parents(r: RevisionSummary): string {
  return r.downRevision.length === 0 ? "<base>" : r.downRevision.join(", ");
}

/** `1f0c2b7e9a41 (fsm) (head) fsm: initial storage table`, Alembic-like. */
export function revisionLine(r: RevisionSummary, extra: string[] = []): string {
  const tags = [`(${r.branches.join(", ")})`, ...extra].filter((t) => t !== "()");
  const mark = r.applied === undefined ? "" : r.applied ? "[x] " : "[ ] ";
  return `${mark}${parents(r)} -> ${r.revision} ${tags.join(" ")}, ${r.message}`;
}

export function revisionDetail(r: RevisionSummary): string[] {
  return [
    `Rev: ${r.revision}${r.applied === undefined ? "" : r.applied ? " (applied)" : " (not applied)"}`,
    `Parent: ${parents(r)}`,
    ...(r.dependsOn.length ? [`Depends on: ${r.dependsOn.join(", ")}`] : []),
    `Branches: ${r.branches.join(", ")}`,
    `Path: ${r.file}`,
    ...(r.transactional ? [] : ["Transaction: false"]),
    "",
    `    ${r.message}`,
    "",
  ];
}

export function describeEvent(event: MigrationEvent): string {
  switch (event.type) {
    case "lock-wait":
      return `Waiting for the migration lock held by ${event.holder} …`;
    case "start":
      return `${event.direction === "up" ? "Upgrading to" : "Reverting"} ${event.revision}: ${event.message}`;
    case "done":
      return `  done in ${event.ms} ms`;
    case "skip":
      return `Skipping ${event.revision}: ${event.reason}`;
    case "dependent":
      return `Reverting ${event.revision} first: it depends on ${event.dependsOn}`;
    case "data-loss":
      return describeDataLoss(event.loss);
  }
}

function describeDataLoss(loss: DataLoss): string {
  if (loss.unknown !== undefined) return `Could not work out what this downgrade drops: ${loss.unknown}`;
  const lines = [
    ...loss.tables.map((t) => `  table ${t.table}: ${t.rows} row(s)`),
    ...loss.columns.map((c) => `  column ${c.table}.${c.column}: ${c.rows} row(s) with a value`),
  ];
  return `This downgrade drops:\n${lines.join("\n")}`;
}

export function stepsSummary(steps: readonly StepResult[], verb: string): string {
  return steps.length === 0 ? "Nothing to do: the database is already there." : `${verb} ${steps.length} revision(s).`;
}

export function printGenerated(outcome: GenerateOutcome): void {
  if (outcome.revisions.length === 0) out("No changes: the database matches the entities. Nothing written.");
  for (const r of outcome.revisions) {
    out(`Generated ${r.revision} on branch ${r.branch}: ${relative(process.cwd(), r.file)}`);
    for (const op of r.operations) out(`  - ${op}`);
    if (r.dependsOn.length) out(`  depends on ${r.dependsOn.join(", ")}`);
  }
  for (const r of outcome.revisions) for (const op of r.destructive) err(`DESTRUCTIVE (${r.branch}): ${op}`);
  for (const rename of outcome.possibleRenames) {
    err(`Possible rename: ${rename.kind === "table" ? rename.from : `${rename.table}.${rename.from}`} -> ${rename.to}. To keep the data, generate again with ${rename.flag}.`);
  }
  for (const orphan of outcome.orphans) err(`Orphaned table ${orphan.table}: created by branch ${orphan.branch}, which is no longer configured. Left alone.`);
  if (outcome.leftAlone.length) err(`Left alone (ignored or not created by strata): ${outcome.leftAlone.join(", ")}`);
}

export function printCheck(outcome: CheckOutcome): void {
  if (outcome.clean) {
    out("OK: the database is at the heads and matches the entities.");
    return;
  }
  if (outcome.pending.length) out(`Not applied: ${outcome.pending.join(", ")} (run strata upgrade heads).`);
  for (const d of outcome.differences) {
    out(`Branch ${d.branch} differs from the entities:`);
    for (const op of d.operations) out(`  - ${op}`);
  }
}

/** `--sql` output: every statement terminated, framed by lines saying that nothing ran. */
export function printSql(statements: readonly string[], database: string): void {
  if (statements.length === 0) {
    out(`-- Nothing to do: ${database} is already there. Nothing was run.`);
    return;
  }
  out(`-- strata --sql: nothing was run on ${database}; it is unchanged.`);
  out(`-- Recorded on a scratch database replaying the revisions applied there; run it as it stands (statement by statement).`);
  for (const statement of statements) out(statement.endsWith(";") || statement.startsWith("--") ? statement : `${statement};`);
  out(`-- end of strata --sql: nothing was run.`);
  err(`Nothing was run: the SQL above is what the run would execute on ${database}.`);
}

/** A yes/no question on the terminal (stdin and stderr are TTYs); anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
