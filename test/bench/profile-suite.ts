import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../support/dialects";
import { type ColdOptions, coldCli, expectExit } from "./cold-cli";
import { writeChain } from "./graph-suite";
import { profileText, summarizeProfile } from "./profile-summary";
import { runStep, type StepSpec } from "./run-step";
import type { SuiteContext } from "./schema-suite";
import { cliEnv, removeRevisionsExcept, revisionFiles, writeOrmconfig } from "./strata-project";

/** A fresh folder under `profileDir` for one profile, and the summary of what landed in it. */
function profileFolder(profileDir: string, label: string): { dir: string; summary: (title: string) => string } {
  const dir = join(profileDir, label.replace(/\W+/g, "-"));
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    summary: (title) => {
      const [file] = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
      return profileText(`${title} (${join(dir, file)})`, summarizeProfile(join(dir, file)));
    },
  };
}

/**
 * `--profile`: strata's steps at size n, each in a process of its own under
 * `node --cpu-prof`, in the order a user meets them; prints each profile's top functions.
 */
export async function runProfileSuite(ctx: SuiteContext, dialect: DialectName, n: number, profileDir: string): Promise<string[]> {
  const { workspace, log } = ctx;
  const project = workspace.directory(`${dialect}-${n}-profile`);
  const empty = await workspace.createDatabase(dialect, "profile_empty");
  const synced = await workspace.createDatabase(dialect, "profile_synced");
  const steps: { readonly label: string; readonly spec: StepSpec }[] = [
    { label: "autogenerate, empty database", spec: { step: "strata generate", db: empty, n, dir: project } },
    { label: "migrate, initial revisions", spec: { step: "strata migrate", db: synced, n, dir: project } },
    { label: "check, no-op", spec: { step: "strata check", db: synced, n, dir: project } },
    { label: "autogenerate, mutated schema", spec: { step: "strata generate", db: synced, n, dir: project, mutated: true } },
  ];
  await runStep({ step: "load", db: empty, n, dir: project }, ctx.cacheDir);
  const reports: string[] = [];
  let initialFiles: string[] = [];
  for (const { label, spec } of steps) {
    if (spec.mutated) removeRevisionsExcept(project, initialFiles);
    const folder = profileFolder(profileDir, `${dialect}-${n}-${label}`);
    log(`  profiling ${dialect} N=${n}: ${label}`);
    const outcome = await runStep(spec, ctx.cacheDir, folder.dir);
    if (initialFiles.length === 0) initialFiles = revisionFiles(project);
    reports.push(folder.summary(`${dialect} N=${n} ${label}: ${outcome.ms.toFixed(0)} ms in the step`));
  }
  await workspace.dropDatabase(empty);
  await workspace.dropDatabase(synced);
  return reports;
}

/**
 * `--profile`, the cold CLI: `heads` on `headsFiles` revisions with the compiled package
 * (the < 0.4 s target), and `upgrade heads` over the chain from an empty database per dialect.
 */
export async function runCliProfileSuite(ctx: SuiteContext, dialects: readonly DialectName[], chain: number, headsFiles: number, profileDir: string): Promise<string[]> {
  const { workspace, log } = ctx;
  const profiled = async (label: string, dir: string, args: string[], options: Omit<ColdOptions, "cacheDir" | "nodeFlags">) => {
    const folder = profileFolder(profileDir, label);
    const run = expectExit(await coldCli(dir, args, { ...options, cacheDir: ctx.cacheDir, nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${folder.dir}`] }), args);
    return folder.summary(`cold CLI, ${label}: ${run.ms.toFixed(0)} ms wall clock`);
  };
  const reports: string[] = [];
  const { built } = ctx;
  if (built) {
    const small = workspace.directory(`chain-${headsFiles}`);
    writeOrmconfig({ dir: small, strataModule: built.index });
    writeChain(small, headsFiles);
    const options = { cli: built.cli };
    expectExit(await coldCli(small, ["heads"], { ...options, cacheDir: ctx.cacheDir }), ["heads"]);
    log(`  profiling the compiled package's heads on ${headsFiles} revisions`);
    reports.push(await profiled(`compiled package heads on ${headsFiles} revisions`, small, ["heads"], options));
  }
  const project = workspace.directory(`chain-${chain}`);
  writeOrmconfig({ dir: project });
  writeChain(project, chain);
  expectExit(await coldCli(project, ["heads"], { cacheDir: ctx.cacheDir }), ["heads"]);
  for (const dialect of dialects) {
    const db = await workspace.createDatabase(dialect, "profile_chain");
    log(`  profiling ${dialect} upgrade heads over ${chain} revisions`);
    reports.push(await profiled(`${dialect} upgrade heads over ${chain} revisions`, project, ["upgrade", "heads"], { env: cliEnv(db) }));
    await workspace.dropDatabase(db);
  }
  return reports;
}
