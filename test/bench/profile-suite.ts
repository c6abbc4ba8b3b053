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

/** One cold CLI run under `node --cpu-prof`, summarised. */
async function profiledCli(ctx: SuiteContext, profileDir: string, label: string, dir: string, args: string[], options: Omit<ColdOptions, "cacheDir" | "nodeFlags">): Promise<string> {
  const folder = profileFolder(profileDir, label);
  const run = expectExit(await coldCli(dir, args, { ...options, cacheDir: ctx.cacheDir, nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${folder.dir}`] }), args);
  return folder.summary(`cold CLI, ${label}: ${run.ms.toFixed(0)} ms wall clock`);
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
  await runStep({ step: "load", db: empty, n, dir: project }, ctx.cacheDir);
  const reports: string[] = [];
  const profileStep = async (label: string, spec: StepSpec) => {
    const folder = profileFolder(profileDir, `${dialect}-${n}-${label}`);
    log(`  profiling ${dialect} N=${n}: ${label}`);
    const outcome = await runStep(spec, ctx.cacheDir, folder.dir);
    reports.push(folder.summary(`${dialect} N=${n} ${label}: ${outcome.ms.toFixed(0)} ms in the step`));
  };
  await profileStep("autogenerate, empty database", { step: "strata generate", db: empty, n, dir: project });
  const initialFiles = revisionFiles(project);
  await profileStep("migrate, initial revisions", { step: "strata migrate", db: synced, n, dir: project });
  await profileStep("check, no-op", { step: "strata check", db: synced, n, dir: project });
  if (ctx.built) {
    // The no-op check as a CI gate runs it: the compiled package, a new process, a warm compile cache.
    writeOrmconfig({ dir: project, n, strataModule: ctx.built.index });
    const options = { cli: ctx.built.cli, env: cliEnv(synced) };
    await coldCli(project, ["check"], { ...options, cacheDir: ctx.cacheDir });
    log(`  profiling ${dialect} N=${n}: check, no-op, cold CLI`);
    reports.push(await profiledCli(ctx, profileDir, `${dialect}-${n} check, no-op, cold CLI`, project, ["check"], options));
  }
  removeRevisionsExcept(project, initialFiles);
  await profileStep("autogenerate, mutated schema", { step: "strata generate", db: synced, n, dir: project, mutated: true });
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
  const profiled = (label: string, dir: string, args: string[], options: Omit<ColdOptions, "cacheDir" | "nodeFlags">) =>
    profiledCli(ctx, profileDir, label, dir, args, options);
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
