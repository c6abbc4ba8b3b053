import { relative } from "node:path";
import type {
  AdoptOutcome,
  CheckOutcome,
  DataLoss,
  GenerateOutcome,
  LeftRevision,
  MigrationEvent,
  PortEvent,
  PortOutcome,
  PossibleRename,
  RevisionSummary,
  SquashOutcome,
  StepResult,
  WaitOutcome,
} from "../src";
import { allAsRenames, noRenameFlag } from "../src/autogenerate/rename-questions";

/**
 * stderr lines that come within 50 ms of the last write wait and go out together:
 * `upgrade` over 5,000 revisions prints 10,000 progress lines, and a write each cost the
 * run a tenth of its time in a pipe. A line after a quiet spell goes out at once, so a
 * step's announcement ("Proving …") is seen before the step, however long it blocks.
 * Anything else written (stdout, a prompt, the port's progress bar) and the process's
 * exit send the held lines first.
 */
const HOLD_MS = 50;
let held: string[] = [];
let flushTimer: NodeJS.Timeout | undefined;
let lastWrite = 0;

export function flushErr(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (held.length === 0) return;
  const text = held.join("");
  held = [];
  lastWrite = Date.now();
  process.stderr.write(text);
}
process.on("exit", () => {
  try {
    flushErr();
  } catch {
    // stderr is gone (EPIPE): nothing left to tell
  }
});

export const err = (line: string) => {
  held.push(`${line}\n`);
  if (Date.now() - lastWrite >= HOLD_MS) return flushErr();
  // unref: a pending flush never keeps the process alive; the exit sends it.
  flushTimer ??= setTimeout(flushErr, HOLD_MS).unref();
};
export const out = (line = "") => {
  flushErr();
  process.stdout.write(`${line}\n`);
};

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

function parents(r: RevisionSummary): string {
  return r.downRevision.length === 0 ? "<base>" : r.downRevision.join(", ");
}

/** `1f0c2b7e9a41 (fsm) (head) fsm: initial storage table`, Alembic-like. */
export function revisionLine(r: RevisionSummary, extra: string[] = []): string {
  // The default phase goes unmarked, as `transaction: false` alone is: a post revision stands out.
  const snapshot = r.replaces.length > 0 ? [`[snapshot of ${r.replaces.length}]`] : [];
  const tags = [`(${r.branches.join(", ")})`, ...(r.phase === "post" ? ["[post]"] : []), ...snapshot, ...extra].filter((t) => t !== "()");
  const mark = r.applied === undefined ? "" : r.applied ? "[x] " : "[ ] ";
  return `${mark}${parents(r)} -> ${r.revision} ${tags.join(" ")}, ${r.message}`;
}

export function revisionDetail(r: RevisionSummary): string[] {
  return [
    `Rev: ${r.revision}${r.applied === undefined ? "" : r.applied ? " (applied)" : " (not applied)"}`,
    `Parent: ${parents(r)}`,
    ...(r.dependsOn.length ? [`Depends on: ${r.dependsOn.join(", ")}`] : []),
    ...(r.replaces.length ? [`Replaces: ${r.replaces.length} revisions, ${r.replaces[0]} … ${r.replaces.at(-1)}`] : []),
    `Branches: ${r.branches.join(", ")}`,
    `Phase: ${r.phase}`,
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
    case "wait":
      return `Waiting up to ${Math.round(event.timeoutMs / 1000)} s for another runner to apply ${event.revisions.join(", ")} …`;
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

/** What `upgrade --phase pre` did not apply: each branch's first post revision and what follows it. */
export function leftSummary(left: readonly LeftRevision[], configArgs: readonly string[]): string[] {
  if (left.length === 0) return [];
  return [
    `Left for after the roll-out (${left.length} revision(s), from each branch's first post revision on):`,
    ...left.map((r) => `  ${r.revision} (${r.branch}) [${r.phase}] ${r.message}`),
    "Once no old code runs, apply them:",
    advice(["upgrade", "heads", "--phase", "post", ...configArgs]),
  ];
}

export function waitedSummary(outcome: WaitOutcome): string {
  if (outcome.waited.length === 0) return "Nothing to wait for: the database has every revision this code needs.";
  const list = outcome.waited.map((r) => `${r.revision} (${r.branch})`).join(", ");
  return `The database has what this code needs: waited ${(outcome.ms / 1000).toFixed(1)} s for ${list}.`;
}

/** A word as a POSIX shell reads it back: bare when plain, else in single quotes. */
const shellWord = (word: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** A command strata advises, on a line of its own, to be run as printed: `  $ strata …`. */
export const advice = (args: readonly string[]) => `  $ ${["strata", ...args].map(shellWord).join(" ")}`;

function printUnmanaged(unmanaged: readonly string[]): void {
  if (unmanaged.length) err(`Unmanaged (no revision created them; left alone, never dropped): ${unmanaged.join(", ")}`);
}

/** `revisionArgs` are the arguments the user ran, to which the advice adds the flags. */
export function printGenerated(outcome: GenerateOutcome, configArgs: readonly string[]): void {
  if (outcome.revisions.length === 0) out("No changes: the database matches the entities. Nothing written.");
  for (const r of outcome.revisions) {
    out(`Generated ${r.revision} on branch ${r.branch}: ${relative(process.cwd(), r.file)}`);
    for (const op of r.operations) out(`  - ${op}`);
    if (r.dependsOn.length) out(`  depends on ${r.dependsOn.join(", ")}`);
  }
  for (const r of outcome.revisions) for (const op of r.destructive) err(`DESTRUCTIVE (${r.branch}): ${op}`);
  for (const line of outcome.rowsInTheWay) err(`WILL FAIL on this database's rows: ${line}`);
  for (const orphan of outcome.orphans) err(`Orphaned table ${orphan.table}: created by branch ${orphan.branch}, which is no longer configured. Left alone.`);
  if (outcome.leftAlone.length) err(`Left alone (ignored or not created by strata): ${outcome.leftAlone.join(", ")}`);
  printUnmanaged(outcome.unmanaged);
  if (outcome.revisions.length > 0) {
    out("Review the file(s), then apply them:");
    out(advice(["upgrade", "heads", ...configArgs]));
  }
}

/**
 * The possible renames, and the command that answers each one keeping the data; with
 * several that can all be renames at once (no name in two of them), the command that
 * answers all of them so.
 */
export function printRenameQuestions(questions: readonly PossibleRename[], revisionArgs: readonly string[]): void {
  err("Nothing was written: a dropped and an added column (or table) may be one rename.");
  for (const q of questions) {
    const what = q.kind === "table" ? `table ${q.from} -> ${q.to}` : `column ${q.table}.${q.from} -> ${q.to}`;
    err(`Possible rename of ${what}. To keep the values, generate it as a rename:`);
    err(advice([...revisionArgs, ...q.flag.split(" ")]));
    err(`Or, if it is not a rename and the old values may go, answer ${noRenameFlag(q)}.`);
  }
  const all = allAsRenames(questions);
  if (all) {
    err("To answer all of them as renames:");
    err(advice([...revisionArgs, ...all]));
  }
}

export function printAdopted(outcome: AdoptOutcome): void {
  for (const r of outcome.revisions) {
    out(`Baseline ${r.revision} on branch ${r.branch}: ${relative(process.cwd(), r.file)} (stamped as applied)`);
    for (const op of r.operations) out(`  - ${op}`);
  }
  if (outcome.leftAlone.length) out(`Left alone (not managed by strata): ${outcome.leftAlone.join(", ")}`);
}

export function printSquashed(outcome: SquashOutcome): void {
  const shown = (file: string) => relative(process.cwd(), file);
  out(`Snapshot ${outcome.revision} of branch ${outcome.branch} at ${outcome.squashed}: ${shown(outcome.file)}`);
  out(`  replaces ${outcome.replaces.length} revisions; proven: it builds the schema their history builds.`);
  for (const op of outcome.operations) out(`  - ${op}`);
  for (const s of outcome.seeded) out(`  ! the history inserts ${s.rows} row(s) into ${s.table}: copy those inserts into the snapshot's up()`);
  for (const o of outcome.objects) out(`  ! the history creates ${o}: copy its CREATE into the snapshot's up() and its DROP into down()`);
  out(`Once every database is at ${outcome.squashed} or past it, or has none of it (\`strata current\`), these files may be deleted:`);
  for (const file of outcome.deletable) out(`  ${shown(file)}`);
}

export function printCheck(outcome: CheckOutcome): void {
  printUnmanaged(outcome.unmanaged);
  if (outcome.clean) {
    out("OK: the database is at the heads and matches the entities.");
    return;
  }
  if (outcome.pending.length) {
    const shown = outcome.pending.map((id) => (outcome.pendingPhases[id] === "post" ? `${id} [post]` : id));
    out(`Not applied: ${shown.join(", ")} (run strata upgrade heads).`);
  }
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

/**
 * Questions on the terminal (stdin and stderr are TTYs), through one readline interface:
 * `talk` asks, and gets each answer trimmed. readline is loaded here, by the commands that ask.
 */
export async function onTerminal<T>(talk: (ask: (question: string) => Promise<string>) => Promise<T>): Promise<T> {
  flushErr();
  const { createInterface } = require("node:readline/promises") as typeof import("node:readline/promises");
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await talk(async (question) => (await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

/** A yes/no question on the terminal; anything but y/yes is no. */
export const confirm = (question: string): Promise<boolean> => onTerminal(async (ask) => /^y(es)?$/i.test(await ask(`${question} [y/N] `)));

const rate = (rows: number, seconds: number) => `${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString("en")} rows/s`;

/**
 * The port's progress: on a terminal one bar redrawn in place, with rows/s; otherwise
 * plain lines, one when a table starts, at most one every 5 s while it runs, one when it ends.
 */
export function portReporter(tty: boolean): (event: PortEvent) => void {
  let since = Date.now();
  let from = 0;
  let lastLine = 0;
  return (event) => {
    if (event.type === "resume") return err("Resuming the interrupted port: tables and batches already copied are kept.");
    const what = event.step === "copy" ? event.table : `${event.table} (foreign keys)`;
    if (event.type === "table") {
      [since, from, lastLine] = [Date.now(), event.copied, Date.now()];
      if (!tty) err(`${what}: ${event.copied}/${event.total} rows`);
      return;
    }
    const seconds = (Date.now() - since) / 1000;
    if (event.type === "table-done") {
      const line = `${what}: ${event.copied} rows, ${rate(event.copied - from, event.seconds)}`;
      if (!tty) return err(line);
      flushErr();
      return process.stderr.write(`\r\x1b[K${line}\n`);
    }
    if (tty) {
      const share = event.total === 0 ? 1 : Math.min(1, event.copied / event.total);
      const bar = "#".repeat(Math.round(share * 30)).padEnd(30, ".");
      flushErr();
      process.stderr.write(`\r\x1b[K${what} [${bar}] ${Math.round(share * 100)}% ${event.copied}/${event.total} ${rate(event.copied - from, seconds)}`);
    } else if (Date.now() - lastLine >= 5000) {
      lastLine = Date.now();
      err(`${what}: ${event.copied}/${event.total} rows, ${rate(event.copied - from, seconds)}`);
    }
  };
}

export function printPorted(outcome: PortOutcome): void {
  if (outcome.skipped.length) err(`Skipped (not managed by strata): ${outcome.skipped.join(", ")}`);
  const width = Math.max(5, ...outcome.tables.map((t) => t.table.length));
  out(`${"table".padEnd(width)}  ${"source".padStart(10)}  ${"target".padStart(10)}`);
  for (const t of outcome.tables) out(`${t.table.padEnd(width)}  ${String(t.source).padStart(10)}  ${String(t.target).padStart(10)}${t.source === t.target ? "" : "  DIFFERS"}`);
  const summary = `${outcome.rowsCopied} rows copied from ${outcome.from} to ${outcome.to} in ${outcome.seconds.toFixed(1)} s (${rate(outcome.rowsCopied, outcome.seconds)})`;
  out(outcome.equal ? `OK: ${summary}; every table has the same row count.` : `FAILED: row counts differ (see DIFFERS above); ${summary}.`);
}
