/**
 * `npm run bench`: strata against TypeORM's schema diff and SQL runner, and against the
 * one-script limit, on the same generated schema and servers, in one run. Prints the
 * tables and writes docs/benchmarks.md. Nothing here asserts a time, and no test runs it.
 * Options: `npm run bench -- --help` (or the BENCH_* variables, see bench-options.ts).
 */
import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { benchOptions, type BenchOptions } from "./bench-options";
import { buildPackage } from "./build-package";
import { countsTable, graphTable, memoryTable, squashTable, type Table, targetTable, timesTable } from "./bench-tables";
import { BenchWorkspace, REPO_ROOT } from "./bench-workspace";
import { type GraphRun, runGraphSuite } from "./graph-suite";
import { describeMachine } from "./machine";
import { runCliProfileSuite, runProfileSuite } from "./profile-suite";
import { machineLines, reportMarkdown, tableText } from "./render-report";
import { runSquashSuite, type SquashRun } from "./squash-suite";
import { runSchemaSuite, type SchemaRun, type SuiteContext } from "./schema-suite";

const log = (line: string) => process.stderr.write(`${line}\n`);

async function benchmark(ctx: SuiteContext, options: BenchOptions): Promise<{ runs: SchemaRun[]; graph: GraphRun; squash?: SquashRun }> {
  const runs: SchemaRun[] = [];
  const largest = Math.max(...options.sizes);
  for (const n of options.sizes) {
    for (const dialect of options.dialects) runs.push(await runSchemaSuite(ctx, dialect, n, n === largest));
  }
  const graph = await runGraphSuite(ctx, options.dialects, options.chain, options.headsFiles);
  const squash = options.squash > 0 ? await runSquashSuite(ctx, options.dialects, options.squash) : undefined;
  return { runs, graph, squash };
}

function commandLine(options: BenchOptions): string {
  const args = [
    options.quick ? "--quick" : "",
    `--n ${options.sizes.join(",")}`,
    `--reps ${options.reps}`,
    `--chain ${options.chain}`,
    `--squash ${options.squash}`,
    `--dialects ${options.dialects.join(",")}`,
  ].filter(Boolean);
  return `npm run bench -- ${args.join(" ")}`;
}

async function main(): Promise<void> {
  const options = benchOptions(process.argv.slice(1).filter((a) => a !== "--"), process.env);
  const workspace = new BenchWorkspace();
  const built = buildPackage(workspace.directory("package"), log);
  const ctx: SuiteContext = { workspace, reps: options.reps, cacheDir: join(workspace.dir, "compile-cache"), built, log };
  // Ctrl-C or a kill still removes what the run created (strata removes its own scratch databases).
  const interrupted = (signal: NodeJS.Signals) => {
    log(`\n${signal}: removing the bench's databases and files…`);
    workspace.dispose().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  // Output piped into `head` that has exited: stop printing, but finish and clean up.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  try {
    const machine = await describeMachine();
    const header = { machine, date: new Date(), sizes: options.sizes, reps: options.reps, chain: options.chain, command: commandLine(options) };
    log(machineLines(header).join("\n"));
    if (options.profile) {
      const profileDir = options.profileDir ? resolve(options.profileDir) : workspace.directory("profiles");
      for (const dialect of options.dialects) {
        for (const report of await runProfileSuite(ctx, dialect, options.sizes[0], profileDir)) console.log(report);
      }
      for (const report of await runCliProfileSuite(ctx, options.dialects, options.chain, options.headsFiles, profileDir)) console.log(report);
      return;
    }
    const { runs, graph, squash } = await benchmark(ctx, options);
    const tables = [targetTable(runs, graph), timesTable(runs), countsTable(runs), graphTable(graph), squash && squashTable(squash), memoryTable(runs)].filter(
      (t): t is Table => t !== undefined,
    );
    console.log(`\n${tables.map(tableText).join("\n")}`);
    if (options.out) {
      const out = resolve(REPO_ROOT, options.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, reportMarkdown(header, tables));
      log(`Wrote ${out}`);
    }
  } finally {
    await workspace.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
