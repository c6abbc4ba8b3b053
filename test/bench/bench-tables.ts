import { GROUP_BUDGET_MS } from "../../src/runtime/run-steps";
import { SQLITE_DRIVER } from "../support/dialects";
import type { GraphRun } from "./graph-suite";
import type { SchemaRun } from "./schema-suite";
import type { SquashRun } from "./squash-suite";

/** A table of the report, rendered as aligned text on the terminal and as markdown in docs. */
export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes?: readonly string[];
}

/** The issue's targets hold at this size; smaller sizes show the target without a verdict. */
export const TARGET_N = 500;
export const TARGET_CHAIN = 5000;

export const ms = (value: number): string =>
  !Number.isFinite(value) ? "—" : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "—");
const verdict = (met: boolean) => (met ? "✓" : "✗");
/** The target's text, with ✓ or ✗ when the measurement is one the target is about. */
const target = (text: string, applies: boolean, met: boolean) => (applies ? `${text} ${verdict(met)}` : text);

/** Every target of the issue at one schema size, as [label, met] — for the summary and the rows. */
export function schemaTargets(run: SchemaRun): { readonly label: string; readonly value: string; readonly met: boolean }[] {
  const c = run.connectMs;
  const generateRatio = run.generate.strataMs / (c + run.generate.typeormGenerateMs);
  const applyRatio = run.apply.strataMs / (c + run.apply.limitMs);
  const ownRatio = run.apply.strataMs / (c + run.apply.ownScriptMs);
  const checkRatio = run.check.strataMs / (c + run.check.typeormNoopMs);
  const churn = run.check.strataDifferences + run.check.typeormOnStrata;
  return [
    { label: "autogenerate incl. proof ≤ TypeORM diff + apply", value: ratio(generateRatio), met: generateRatio <= 1 },
    { label: "apply ≤ 1.2× the one-script limit (TypeORM's SQL)", value: ratio(applyRatio), met: applyRatio <= 1.2 },
    { label: "apply ≤ 1.2× its own SQL (upgrade --sql) as one script", value: ratio(ownRatio), met: ownRatio <= 1.2 },
    { label: "no-op check ≤ 0.3× TypeORM's diff, in process", value: ratio(checkRatio), met: checkRatio <= 0.3 },
    { label: "no-op check < 1 s, cold CLI", value: ms(run.check.coldCliMs), met: run.check.coldCliMs < 1000 },
    { label: "zero churn (strata check, TypeORM on strata's database)", value: `${run.check.strataDifferences} + ${run.check.typeormOnStrata}`, met: churn === 0 },
  ];
}

export function graphTargets(graph: GraphRun): { readonly label: string; readonly dialect: string; readonly value: string; readonly met: boolean }[] {
  const rows = Object.entries(graph.commands).flatMap(([dialect, times]) => [
    { label: `heads on ${graph.chain} revisions < 0.3 s`, dialect, value: ms(times.heads), met: times.heads < 300 },
    ...(dialect === "sqlite" ? [{ label: `upgrade heads from empty, ${graph.chain} revisions, < 3 s (${SQLITE_DRIVER === "sqlite" ? "sqlite3" : SQLITE_DRIVER})`, dialect, value: ms(times["upgrade heads"]), met: times["upgrade heads"] < 3000 }] : []),
  ]);
  const other = graph.otherSqliteDriver;
  if (other) {
    rows.push({ label: `upgrade heads from empty, ${graph.chain} revisions, < 3 s (${other.driver})`, dialect: "sqlite", value: ms(other.upgradeMs), met: other.upgradeMs < 3000 });
  }
  const heads = graph.compiled?.headsSmallMs ?? graph.headsSmallMs;
  const form = graph.compiled ? "compiled package" : "sources, the package did not build";
  return [...rows, { label: `strata heads on ${graph.headsFiles} files < 0.4 s, cold (${form})`, dialect: "any", value: ms(heads), met: heads < 400 }];
}

export function targetTable(runs: readonly SchemaRun[], graph: GraphRun | undefined): Table {
  const rows: string[][] = [];
  for (const run of runs.filter((r) => r.n === TARGET_N)) {
    for (const t of schemaTargets(run)) rows.push([t.label, run.dialect, t.value, verdict(t.met)]);
  }
  if (graph && graph.chain === TARGET_CHAIN) for (const t of graphTargets(graph)) rows.push([t.label, t.dialect, t.value, verdict(t.met)]);
  else if (graph) {
    const heads = graphTargets(graph).at(-1);
    if (heads) rows.push([heads.label, heads.dialect, heads.value, verdict(heads.met)]);
  }
  const notes = [];
  if (!runs.some((r) => r.n === TARGET_N)) notes.push(`No run at N = ${TARGET_N}: the schema targets are not judged (run with --n ${TARGET_N}).`);
  if (graph && graph.chain !== TARGET_CHAIN) notes.push(`The chain had ${graph.chain} revisions, not ${TARGET_CHAIN}: its targets are not judged.`);
  return { title: "Targets", headers: ["target", "dialect", "measured", "met"], rows, notes };
}

export function timesTable(runs: readonly SchemaRun[]): Table {
  const rows: string[][] = [];
  for (const run of runs) {
    const c = run.connectMs;
    const judged = run.n === TARGET_N;
    const [generate, apply, own, check, cold] = schemaTargets(run);
    const row = (step: string, strata: number, typeorm: number, limit: number, goal: string) => [
      run.dialect,
      String(run.n),
      step,
      ms(strata),
      ms(typeorm),
      ms(limit),
      ratio(strata / typeorm),
      ratio(strata / limit),
      goal,
    ];
    rows.push(
      row("autogenerate, empty db, incl. proof", run.generate.strataMs, c + run.generate.typeormGenerateMs, NaN, target("≤ 1× (vs diff + apply)", judged, generate.met)),
      row("  of which the diff (check, empty db)", run.generate.diffMs, c + run.generate.typeormDiffMs, NaN, ""),
      row("apply the initial revisions", run.apply.strataMs, c + run.apply.typeormMs, c + run.apply.limitMs, target("≤ 1.2× limit", judged, apply.met)),
      row("  limit: strata's own SQL as one script", run.apply.strataMs, NaN, c + run.apply.ownScriptMs, target("≤ 1.2× limit", judged, own.met)),
      row("no-op check, in process", run.check.strataMs, c + run.check.typeormNoopMs, NaN, target("≤ 0.3×", judged, check.met)),
      row("  with an index no entity names: revisions replayed", run.check.replayMs, c + run.check.typeormNoopMs, NaN, ""),
      row("no-op check, cold CLI", run.check.coldCliMs, NaN, NaN, target("< 1 s", judged, cold.met)),
      row("no-op upgrade heads, cold CLI (a deploy's replica)", run.check.coldNoopUpgradeMs, NaN, NaN, ""),
      row(`autogenerate, ${run.mutated.realChanges} entities changed`, run.mutated.strataMs, c + run.mutated.typeormMs, NaN, ""),
      [run.dialect, String(run.n), "connection set-up (in every figure above)", "", ms(c), "", "", "", ""],
    );
  }
  return {
    title: "Autogenerate, apply and check (medians)",
    headers: ["dialect", "N", "step", "strata", "TypeORM", "limit", "strata / TypeORM", "strata / limit", `target at N = ${TARGET_N}`],
    rows,
    notes: [
      "strata: the public API call (generateRevisions, migrate, check), which opens its own connection (one per session: autogenerate opens one for the diff, one for the proof and one per scratch replay).",
      "TypeORM and limit: connection set-up (DataSource.initialize() with the same entities, the last row of each block) plus the operation, so both sides pay for a connection.",
      "The sides compared in the autogenerate rows (strata, its diff, TypeORM's diff, TypeORM's diff + apply) and in the apply rows (strata, TypeORM, both limits) take turns repetition by repetition, so that a slow stretch of the machine or the server falls on each of them alike.",
      "First row's TypeORM figure: its schema diff plus applying that diff to the same fresh database, the work autogenerate with its proof stands for, timed as one step in the same rounds as strata's autogenerate; its database is dropped after each repetition as strata drops its scratch database (on PostgreSQL DROP DATABASE forces a checkpoint), so both sides' steps start after the same server work. The diff row: check() on the empty database, strata's diff without rendering, writing or proof (the API does not time the proof apart; it is roughly the first row minus this one).",
      "limit: the same SQL TypeORM generated, sent as one multi-statement script in one transaction (psql -1 -f): one query on PostgreSQL, one exec on SQLite. On SQLite TypeORM's SQL adds each foreign key by rebuilding its table, so the second limit row sends strata's own SQL instead (`strata upgrade heads --sql`, version-table rows included) the same way: the cost of strata's statements without strata.",
      "No-op check: on a database that is what the entities describe, which check compares without replaying the revisions; the row below it is the first check of a checkout on the same database with one index no entity names (a DBA's): it replays the revisions on a scratch database to tell that index from drift (and remembers the replay in node_modules/.cache/strata, keyed by the revisions' checksums, for the checks after it).",
      "Cold CLI: `strata check` as a new process in a project folder with an ormconfig.ts, after one unmeasured run that fills the TypeScript compile cache, run by the compiled package (as an app that installed strata runs it; by the TypeScript sources only when the package did not build).",
    ],
  };
}

export function countsTable(runs: readonly SchemaRun[]): Table {
  return {
    title: "What each side proposes",
    headers: [
      "dialect",
      "N",
      "initial: TypeORM statements",
      "initial: strata operations (files)",
      "changed entities",
      "strata operations (files)",
      "TypeORM statements",
      "churn: strata check",
      "churn: TypeORM on strata's db",
      "churn: TypeORM on its own db",
    ],
    rows: runs.map((run) => [
      run.dialect,
      String(run.n),
      String(run.generate.typeormStatements),
      `${run.generate.strataOperations} (${run.generate.revisionFiles})`,
      String(run.mutated.realChanges),
      `${run.mutated.strataOperations} (${run.mutated.revisionFiles})`,
      String(run.mutated.typeormStatements),
      String(run.check.strataDifferences),
      String(run.check.typeormOnStrata),
      String(run.check.typeormOnOwn),
    ]),
    notes: [
      "The mutation changes max(5, 5 % of N) entities, one change each, cycling through: add a column, drop a column, widen a varchar, make a column nullable, add an index (plugin tables included). A strata operation per real change is the ideal.",
      "Churn: what `check` finds right after `migrate` applied strata's own revisions, and how many statements TypeORM's schema builder wants on that database (SPEC §11: TypeORM sees no drift); both should be 0. TypeORM on its own database is the baseline.",
    ],
  };
}

const chainCommandLabel = (command: string): string => {
  const [args, mode] = command.split(", ");
  return args === "upgrade heads" ? `strata upgrade heads (from empty${mode ? `, ${mode}` : ""})` : `strata ${args}`;
};

export function graphTable(graph: GraphRun): Table {
  const judged = graph.chain === TARGET_CHAIN;
  const rows: string[][] = [
    ["any", "strata --help (start-up alone)", "", ms(graph.startupMs), ""],
    ["any", "strata heads", String(graph.headsFiles), ms(graph.headsSmallMs), ""],
  ];
  if (graph.compiled) {
    rows.push(
      ["any", "compiled package: strata --help", "", ms(graph.compiled.startupMs), ""],
      ["any", "compiled package: strata heads", String(graph.headsFiles), ms(graph.compiled.headsSmallMs), target("< 0.4 s", true, graph.compiled.headsSmallMs < 400)],
    );
  }
  rows.push(["any", "strata heads, files not yet in the compile cache", String(graph.chain), ms(graph.firstHeadsMs), ""]);
  const deploy = graph.freshContainer;
  if (deploy) {
    rows.push(
      ["sqlite", "no-op upgrade heads, compile cache empty (a new container)", String(graph.headsFiles), ms(deploy.emptyCacheMs), ""],
      ["sqlite", "no-op upgrade heads, cache filled by `strata heads` in the image build", String(graph.headsFiles), ms(deploy.warmedByHeadsMs), ""],
      ["sqlite", "no-op upgrade heads, cache of an earlier run", String(graph.headsFiles), ms(deploy.warmMs), ""],
    );
  }
  for (const [dialect, times] of Object.entries(graph.commands)) {
    for (const [command, time] of Object.entries(times)) {
      const goal =
        command === "heads" ? target("< 0.3 s", judged, time < 300) : command === "upgrade heads" && dialect === "sqlite" ? target("< 3 s", judged, time < 3000) : "";
      rows.push([dialect, chainCommandLabel(command), String(graph.chain), ms(time), goal]);
    }
  }
  const other = graph.otherSqliteDriver;
  if (other) rows.push(["sqlite", `strata upgrade heads (from empty, ${other.driver} driver)`, String(graph.chain), ms(other.upgradeMs), target("< 3 s", judged, other.upgradeMs < 3000)]);
  return {
    title: "Revision graph, cold CLI (medians)",
    headers: ["dialect", "command", "revisions", "time", `target at ${TARGET_CHAIN} revisions`],
    rows,
    notes: [
      "Each command is a new process, wall clock from spawn to exit, in a project whose ormconfig.ts has no entities. `strata --help` and `strata heads` on the small chain: `node cli/strata.js …`, which inside this repository runs strata's TypeScript sources through its compile cache. " +
        `The ${graph.chain}-revision chain (trivial files, empty up and down, one linear chain) runs the ${graph.chainForm === "compiled package" ? "compiled package (below), as an app that installed strata does" : "sources: the package did not build"}.`,
      "Compiled package: strata built as `npm run build` builds it (into the bench's work directory), run as `node <package>/cli/main.js`, with an ormconfig.ts importing the compiled index.js: what an app that installed strata runs. The < 0.4 s target is judged on it.",
      `A deploy's replica (the ${graph.headsFiles}-revision project, all applied, the form above): \`upgrade heads\` with nothing to do, in turns with an empty compile cache (every revision is transpiled by TypeScript and hashed again, as in a container started from an image whose build never ran strata), with a cache that only \`strata heads\` filled (an image build step), and with the cache earlier runs left.`,
      `One repetition runs upgrade heads, current, history, heads, downgrade base and upgrade heads again with \`transactionMode: "all"\` (one transaction for the whole run, a failure rolling all of it back; the default "each" commits consecutive revisions together for up to ${GROUP_BUDGET_MS} ms and undoes a failing one alone) in that order on a fresh database.`,
    ],
  };
}

export function squashTable(run: SquashRun): Table {
  return {
    title: `A ${run.revisions}-revision history against its snapshot, cold CLI (medians)`,
    headers: ["dialect", "upgrade heads, empty database: history", "snapshot", "snapshot / history", "strata squash (once, proof included)"],
    rows: Object.entries(run.times).map(([dialect, t]) => [dialect, ms(t.historyMs), ms(t.snapshotMs), ratio(t.snapshotMs / t.historyMs), ms(t.squashMs)]),
    notes: [
      `The history creates ${run.tables} tables (one every fifth revision) and adds a column in each of the four after it. \`strata squash app@head\` writes the snapshot (replaying the history and then the snapshot on scratch databases to prove it); the history's files are then moved out, as an app deletes them, and \`upgrade heads\` builds empty databases from the snapshot.`,
    ],
  };
}

export function memoryTable(runs: readonly SchemaRun[]): Table | undefined {
  const measured = runs.filter((r) => r.memory);
  if (measured.length === 0) return undefined;
  return {
    title: `Peak memory at N = ${measured[0].n}`,
    headers: ["dialect", "step", "peak RSS", "time in the process"],
    rows: measured.flatMap((run) => (run.memory ?? []).map((m) => [run.dialect, m.step, `${m.maxRssMb.toFixed(0)} MB`, ms(m.ms)])),
    notes: ["Each step alone in a new Node process (process.resourceUsage().maxRSS, start-up and module loading included); one run each."],
  };
}
