// yargs/yargs, not "yargs": the package's main module also builds a singleton parser as it loads, which strata never uses.
import type { Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import yargs from "yargs/yargs";
import "reflect-metadata";
import type { PossibleRename } from "../src/diff";
import { loadConfigSet } from "../src/config/load-config";
import { describeDatabase, redact, rememberSecrets } from "../src/config/redact";
import { inRunOrder, singleDatabase } from "../src/config/resolve-config-set";
import type { ConfigSet, StrataConfig } from "../src/config/types";
import { InterruptedError } from "../src/autogenerate/interrupted";
import { RenameQuestionError } from "../src/autogenerate/rename-questions";
import { parseRenames } from "../src/commands/parse-renames";
import { listBranches, listHeads, showRevision } from "../src/commands/read-commands";
import { StrataError, UsageError } from "../src/errors";
import { PortInterruptedError } from "../src/port/port-errors";
import { WAIT_TIMEOUT_MS } from "../src/runtime/wait-defaults";

/**
 * The commands that connect, diff, render, write or copy, loaded when one of them runs:
 * `--help` and the commands that read the revision graph alone (`heads`, `branches`,
 * `show`) start without them, and without a dialect.
 */
const load = {
  applied: () => require("../src/commands/applied-commands") as typeof import("../src/commands/applied-commands"),
  wait: () => require("../src/runtime/wait-for-heads") as typeof import("../src/runtime/wait-for-heads"),
  adopt: () => require("../src/commands/adopt") as typeof import("../src/commands/adopt"),
  check: () => require("../src/commands/check") as typeof import("../src/commands/check"),
  create: () => require("../src/commands/create-revision") as typeof import("../src/commands/create-revision"),
  generate: () => require("../src/autogenerate/generate-revisions") as typeof import("../src/autogenerate/generate-revisions"),
  init: () => require("../src/commands/init-project") as typeof import("../src/commands/init-project"),
  write: () => require("../src/commands/write-commands") as typeof import("../src/commands/write-commands"),
  port: () => require("../src/port/port") as typeof import("../src/port/port"),
  squash: () => require("../src/commands/squash") as typeof import("../src/commands/squash"),
};
import {
  confirm,
  describeEvent,
  err,
  leftSummary,
  onTerminal,
  out,
  printAdopted,
  printCheck,
  printGenerated,
  printJson,
  printPorted,
  portReporter,
  printRenameQuestions,
  printSql,
  printSquashed,
  revisionDetail,
  revisionLine,
  stepsSummary,
  waitedSummary,
} from "./print";

interface Globals {
  config?: string;
  database?: string;
  json?: boolean;
  verbose?: boolean;
}

const onEvent = (event: Parameters<typeof describeEvent>[0]) => err(describeEvent(event));
async function configs(argv: unknown): Promise<ConfigSet> {
  const set = await loadConfigSet((argv as Globals).config, process.cwd(), (argv as Globals).database);
  for (const loaded of set.databases) rememberSecrets(loaded.dataSource); // from here on, nothing printed shows the password
  return set;
}

/** The one database a command that names a revision acts on (`--database NAME` in the `databases` form). */
async function config(argv: unknown, command = "This command"): Promise<StrataConfig> {
  return singleDatabase(await configs(argv), command);
}

/**
 * Runs `body` on every database, in the order given (or the one --database names). In
 * the `databases` form each one's text output follows a `Database NAME:` line, `--json`
 * prints one document keyed by database name, and an error names its database.
 */
async function eachDatabase(
  args: unknown,
  body: (config: StrataConfig, json: (value: unknown) => void) => Promise<void>,
  direction: "up" | "down" = "up",
): Promise<void> {
  const argv = args as Globals;
  const set = await configs(argv);
  const documents: Record<string, unknown> = {};
  for (const loaded of inRunOrder(set, direction)) {
    const name = loaded.database!;
    if (!set.named) {
      await body(loaded, printJson);
      continue;
    }
    if (!argv.json) out(`Database ${name}:`);
    try {
      await body(loaded, (value) => (documents[name] = value));
    } catch (error) {
      if (!(error instanceof StrataError)) throw error;
      throw new StrataError(`Database ${name}: ${error.message}`, { exitCode: error.exitCode, cause: error });
    }
  }
  if (set.named && argv.json) printJson(documents);
}

type MoveArgs = Globals & { target: string; sql?: boolean; yes?: boolean; phase?: "pre" | "post" };

async function runUpOrDown(argv: MoveArgs, direction: "up" | "down"): Promise<void> {
  // Data loss is confirmed by --yes, or asked on a terminal; never assumed in a pipeline.
  const allowDataLoss = argv.yes === true || (process.stdin.isTTY && process.stderr.isTTY ? () => confirm("Go ahead?") : false);
  await eachDatabase(argv, async (loaded) => {
    const outcome = await load.write().move(loaded, direction, argv.target, { sql: argv.sql, onEvent, allowDataLoss, phase: argv.phase });
    if (outcome.sql) printSql(outcome.sql, describeDatabase(loaded.dataSource));
    else out(stepsSummary(outcome.steps, direction === "up" ? "Applied" : "Reverted"));
    for (const line of leftSummary(outcome.left ?? [], configArgs(argv))) out(line);
  }, direction);
}

/**
 * Ctrl-C (or SIGTERM) aborts the returned signal, so that the command can remove what it
 * staged; a second one exits at once.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    err("Interrupted: cleaning up (press Ctrl-C again to quit at once) …");
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return controller.signal;
}

/** `--config PATH` as the user gave it, for the commands strata advises. */
const configArgs = (a: Globals) => [...(a.config === undefined ? [] : ["--config", a.config]), ...(a.database === undefined ? [] : ["--database", a.database])];

/** Asks on the terminal whether a possible rename is one; y or n, nothing else. */
function askOnTerminal(candidate: PossibleRename): Promise<boolean> {
  const what = candidate.kind === "table" ? `table ${candidate.from} -> ${candidate.to}` : `column ${candidate.table}.${candidate.from} -> ${candidate.to}`;
  return onTerminal(async (ask) => {
    for (;;) {
      const answer = (await ask(`Is ${what} a rename? y keeps the values, n drops them [y/n] `)).toLowerCase();
      if (answer === "y" || answer === "yes") return true;
      if (answer === "n" || answer === "no") return false;
    }
  });
}

function build(argv: string[]): Argv<Globals> {
  return yargs(argv)
    .scriptName("strata")
    // `--no-rename t.old` is an answer of its own, not the negation of --rename.
    .parserConfiguration({ "boolean-negation": false })
    .usage("$0 <command> [options]")
    .option("config", { type: "string", describe: "config file (.ts, .mts, .js, .mjs); default ./ormconfig.ts" })
    .option("json", { type: "boolean", describe: "read commands print one JSON document" })
    .option("database", { type: "string", describe: "with databases: { … } in the config, act on this one only (default: all, in order)" })
    .option("verbose", { type: "boolean", describe: "more detail; stack traces on errors" })
    .command(
      "revision",
      "create a revision file",
      (y) =>
        y
          .option("m", { alias: "message", type: "string", demandOption: true, describe: "what the revision does" })
          .option("autogenerate", { type: "boolean", describe: "diff the metadata against the database" })
          .option("head", { type: "string", describe: "parent: head, L@head, base, or a revision" })
          .option("branch-label", { type: "string", describe: "label a new branch" })
          .option("splice", { type: "boolean", describe: "allow a parent that is not a head" })
          .option("depends-on", { type: "string", array: true, describe: "revisions of other branches to run first" })
          .option("rev-id", { type: "string", describe: "use this 12-hex revision id" })
          .option("phase", { choices: ["pre", "post"] as const, describe: "post: a contract step, run after the roll-out (default pre)" })
          .option("version-path", { type: "string", describe: "write the file into DIR (a plugin's source) instead of its branch's directory" })
          .option("rename", { type: "string", array: true, describe: "with --autogenerate: table.old:new, a column rename" })
          .option("rename-table", { type: "string", array: true, describe: "with --autogenerate: old:new, a table rename" })
          .option("no-rename", { type: "string", array: true, describe: "with --autogenerate: table.column (or table) that is not renamed: drop it" }),
      async (a) => {
        if (a.autogenerate && a.versionPath !== undefined) {
          throw new UsageError(
            "--version-path is for hand-written revisions: autogenerate writes into each branch's configured directory, where its convergence proof reads it. " +
              "Link the plugin's source (npm link or a workspace) to autogenerate into it.",
          );
        }
        if (a.autogenerate && a.phase !== undefined) {
          throw new UsageError(`--phase is for hand-written revisions: add \`phase: "${a.phase}",\` to the generated file before applying it.`);
        }
        if (a.autogenerate) {
          const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
          const signal = interruptSignal();
          await eachDatabase(a, async (loaded) => {
            try {
              const outcome = await load.generate().generateRevisions(loaded, {
                message: a.m,
                renames: parseRenames(a.rename?.map(String) ?? [], a.renameTable?.map(String) ?? []),
                noRenames: (a.noRename as unknown[] | undefined)?.map(String) ?? [],
                askRename: interactive ? askOnTerminal : undefined,
                signal,
                onProgress: err,
              });
              printGenerated(outcome, configArgs(a));
            } catch (error) {
              if (!(error instanceof RenameQuestionError)) throw error;
              printRenameQuestions(error.questions, hideBin(process.argv));
              process.exitCode = error.exitCode;
            }
          });
          return;
        }
        const created = await load.create().createRevision(await config(a, "revision without --autogenerate"), {
          message: a.m,
          head: a.head,
          branchLabel: a.branchLabel,
          splice: a.splice,
          dependsOn: a.dependsOn?.map(String),
          revId: a.revId,
          versionPath: a.versionPath,
          phase: a.phase,
        });
        out(`Created ${created.revision} on branch ${created.branch}: ${created.file}`);
      },
    )
    .command(
      "upgrade [target]",
      "apply revisions (default: heads)",
      (y) =>
        y
          .positional("target", { type: "string", default: "heads" })
          .option("sql", { type: "boolean", describe: "print the SQL, change nothing" })
          .option("phase", { choices: ["pre", "post"] as const, describe: "pre: stop before each branch's first post revision (before the roll-out); post: everything" }),
      (a) => runUpOrDown(a as MoveArgs, "up"),
    )
    .command(
      "wait",
      "wait, holding no lock, until another runner has applied what this code needs",
      (y) =>
        y
          .option("timeout", { type: "number", default: WAIT_TIMEOUT_MS / 1000, describe: "give up after S seconds (exit 1)" })
          .option("phase", { choices: ["pre", "post"] as const, default: "pre" as const, describe: "pre: the pre revisions (a replica of the new code); post: every revision" }),
      async (a) => {
        if (!(a.timeout >= 0)) throw new UsageError(`--timeout takes a number of seconds, got ${a.timeout}.`);
        await eachDatabase(a, async (loaded, json) => {
          const outcome = await load.wait().waitForHeads(loaded, { phase: a.phase, timeoutMs: a.timeout * 1000, onEvent });
          if (a.json) return json(outcome);
          out(waitedSummary(outcome));
        });
      },
    )
    .command(
      "downgrade <target>",
      "revert revisions: -N, L@-N, last, base, L@base or a revision",
      (y) =>
        y
          .positional("target", { type: "string", demandOption: true })
          .option("sql", { type: "boolean", describe: "print the SQL, change nothing" })
          .option("yes", { alias: "y", type: "boolean", describe: "go ahead when the downgrade drops tables or columns holding rows" }),
      (a) => runUpOrDown(a as MoveArgs, "down"),
    )
    .command("current", "the applied heads", {}, (a) =>
      eachDatabase(a, async (loaded, json) => {
        const heads = await load.applied().currentHeads(loaded);
        if (a.json) return json(heads.map((h) => ({ revision: h.revision, branches: h.branches, message: h.message, phase: h.phase })));
        if (heads.length === 0) out("No revision applied.");
        for (const h of heads) out(`${h.revision} (${h.branches.join(", ")})${h.phase === "post" ? " [post]" : ""} ${h.message}`);
      }),
    )
    .command("heads", "the heads of the revision graph", {}, (a) =>
      eachDatabase(a, async (loaded, json) => {
        const heads = await listHeads(loaded);
        if (a.json) return json(heads);
        for (const h of heads) out(revisionLine(h, ["(head)"]));
      }),
    )
    .command("branches", "the branches of the revision graph", {}, (a) =>
      eachDatabase(a, async (loaded, json) => {
        const branches = await listBranches(loaded);
        if (a.json) return json(branches);
        for (const b of branches) out(`${b.label}: base ${b.base}, head ${b.heads.join(", ")}`);
      }),
    )
    .command(
      "history",
      "revisions, newest first, applied ones marked",
      (y) => y.option("r", { alias: "rev-range", type: "string", describe: "A:B" }),
      (a) =>
        eachDatabase(a, async (loaded, json) => {
          const entries = await load.applied().history(loaded, a.r);
          if (a.json) return json(entries);
          for (const e of entries) (a.verbose ? revisionDetail(e) : [revisionLine(e)]).forEach((l) => out(l));
        }),
    )
    .command(
      "show <rev>",
      "one revision in full",
      (y) => y.positional("rev", { type: "string", demandOption: true }),
      async (a) => {
        const shown = await showRevision(await config(a, "show"), a.rev);
        if (a.json) return printJson(shown);
        revisionDetail(shown).forEach((l) => out(l));
        out(shown.source);
      },
    )
    .command(
      "merge <revs..>",
      "a merge revision joining heads of one branch",
      (y) =>
        y
          .positional("revs", { type: "string", array: true, demandOption: true })
          .option("m", { alias: "message", type: "string", demandOption: true })
          .option("rev-id", { type: "string" }),
      async (a) => {
        const created = await load.create().createMerge(await config(a, "merge"), a.revs.map(String), a.m, a.revId);
        out(`Created merge ${created.revision} on branch ${created.branch}: ${created.file}`);
      },
    )
    .command(
      "stamp <target>",
      "record revisions as applied without running them",
      (y) => y.positional("target", { type: "string", demandOption: true }).option("purge", { type: "boolean" }),
      async (a) => {
        const done = await load.write().stampTarget(await config(a, "stamp"), a.target, { purge: a.purge, onEvent });
        out(`Stamped: ${done.added.length} recorded, ${done.removed.length} removed.`);
      },
    )
    .command(
      "adopt",
      "take over a database TypeORM built: write the baseline revisions and stamp them",
      (y) => y.option("m", { alias: "message", type: "string", demandOption: true, describe: "the baselines' message" }),
      (a) => {
        const signal = interruptSignal();
        return eachDatabase(a, async (loaded, json) => {
          const outcome = await load.adopt().adopt(loaded, { message: a.m, signal });
          if (a.json) return json(outcome);
          printAdopted(outcome);
        });
      },
    )
    .command(
      "squash <target>",
      "write a snapshot revision holding a branch's whole schema at L@REV; older files may then be deleted",
      (y) =>
        y
          .positional("target", { type: "string", demandOption: true, describe: "L@REV or L@head" })
          .option("m", { alias: "message", type: "string", demandOption: true, describe: "the snapshot's message" })
          .option("schema-only", { type: "boolean", describe: "write it although the history inserts rows or creates views, triggers … (copy those in by hand)" }),
      async (a) => {
        const outcome = await load.squash().squash(await config(a, "squash"), a.target, { message: a.m, schemaOnly: a.schemaOnly, signal: interruptSignal(), onProgress: err });
        if (a.json) return printJson(outcome);
        printSquashed(outcome);
      },
    )
    .command(
      "resolve <rev>",
      "clear the failed mark of a non-transactional revision",
      (y) =>
        y
          .positional("rev", { type: "string", demandOption: true })
          .option("applied", { type: "boolean" })
          .option("rolled-back", { type: "boolean" })
          .check((a) => {
            if (Boolean(a.applied) === Boolean(a.rolledBack)) throw new Error("Pass exactly one of --applied or --rolled-back.");
            return true;
          }),
      async (a) => {
        const outcome = a.applied ? "applied" : "rolled-back";
        const id = await load.write().resolveRevision(await config(a, "resolve"), a.rev, outcome, onEvent);
        out(`Revision ${id} is now recorded as ${outcome}.`);
      },
    )
    .command(
      "init",
      "write ormconfig.ts, migrations/ and the migration:* scripts into this app (never overwrites)",
      (y) => y.option("data-source", { type: "string", describe: "the module exporting the app's DataSource (default: src/data-source.ts)" }),
      async (a) => {
        const outcome = await load.init().initProject(process.cwd(), { dataSource: a.dataSource });
        if (a.json) return printJson(outcome);
        out(outcome.dataSource ? `DataSource: ${outcome.dataSource}` : "No DataSource found: ormconfig.ts has a SQLite default to edit.");
        for (const w of outcome.written) out(`wrote ${w}`);
        for (const k of outcome.kept) out(`kept  ${k}`);
      },
    )
    .command(
      "port",
      "copy every managed table's rows into an empty database at the same heads (SQLite <-> PostgreSQL)",
      (y) =>
        y
          .option("from", { type: "string", demandOption: true, describe: "source: postgres://… or a SQLite file (sqlite:path or a path)" })
          .option("to", { type: "string", demandOption: true, describe: "target, at the source's heads and empty (or an interrupted port's)" })
          .option("batch-size", { type: "number", default: 1000, describe: "rows per batch, each batch one target transaction" }),
      async (a) => {
        if (!Number.isInteger(a.batchSize) || a.batchSize < 1) throw new UsageError("--batch-size takes a whole number of rows, 1 or more.");
        rememberSecrets({ type: "postgres", url: a.from });
        rememberSecrets({ type: "postgres", url: a.to });
        const tty = Boolean(process.stderr.isTTY) && !a.json;
        const outcome = await load.port().port(await config(a, "port"), { from: a.from, to: a.to, batchSize: a.batchSize, signal: interruptSignal(), onProgress: portReporter(tty) });
        if (a.json) printJson(outcome);
        else printPorted(outcome);
        if (!outcome.equal) process.exitCode = 1;
      },
    )
    .command("check", "exit 0 only when the database is at the heads and autogenerate finds nothing", {}, (a) =>
      eachDatabase(a, async (loaded, json) => {
        const outcome = await load.check().check(loaded);
        if (a.json) json(outcome);
        else printCheck(outcome);
        if (!outcome.clean) process.exitCode = 1;
      }),
    )
    .demandCommand(1, "Name a command; see --help.")
    .strict()
    .help()
    .fail((message, error) => {
      throw error ?? new UsageMessage(message);
    }) as unknown as Argv<Globals>;
}

class UsageMessage extends Error {}

async function main(): Promise<void> {
  const args = hideBin(process.argv);
  // Stack traces point into the TypeScript sources; mapping every module costs start-up time otherwise.
  if (args.includes("--verbose")) process.setSourceMapsEnabled(true);
  if (process.env.DATABASE_URL) rememberSecrets({ type: "postgres", url: process.env.DATABASE_URL });
  try {
    await build(args).parseAsync();
  } catch (error) {
    const verbose = args.includes("--verbose");
    const usage = error instanceof UsageMessage;
    const exitCode = usage ? 2 : error instanceof StrataError ? error.exitCode : 1;
    const message = redact(
      usage ? `${error.message}\nRun \`strata --help\` for usage.` : error instanceof Error ? error.message : String(error),
    );
    process.exitCode = exitCode;
    // With --json, an error is one JSON document too, on stdout where the answer would be.
    if (args.includes("--json")) printJson({ error: { message, exitCode } });
    else if (usage || !verbose || !(error instanceof Error)) err(message);
    else {
      err(redact(error.stack ?? message));
      if (error.cause instanceof Error) err(redact(`caused by: ${error.cause.stack ?? error.cause.message}`));
    }
    // An interrupted run may leave work of the scratch step pending: nothing more to wait for.
    if (error instanceof InterruptedError || error instanceof PortInterruptedError) process.exit(130);
  }
}

// `strata … | head` closes the pipe early: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

void main();
