import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../support/dialects";
import { profileText, summarizeProfile } from "./profile-summary";
import { runStep, type StepSpec } from "./run-step";
import type { SuiteContext } from "./schema-suite";
import { removeRevisionsExcept, revisionFiles } from "./strata-project";

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
  const reports: string[] = [];
  let initialFiles: string[] = [];
  for (const { label, spec } of steps) {
    if (spec.mutated) removeRevisionsExcept(project, initialFiles);
    const dir = join(profileDir, `${dialect}-${n}-${spec.step.replace(/\W+/g, "-")}${spec.mutated ? "-mutated" : ""}`);
    mkdirSync(dir, { recursive: true });
    log(`  profiling ${dialect} N=${n}: ${label}`);
    const outcome = await runStep(spec, ctx.cacheDir, dir);
    if (initialFiles.length === 0) initialFiles = revisionFiles(project);
    const [file] = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
    reports.push(profileText(`${dialect} N=${n} ${label} (${outcome.ms.toFixed(0)} ms in the step; ${join(dir, file)})`, summarizeProfile(join(dir, file))));
  }
  await workspace.dropDatabase(empty);
  await workspace.dropDatabase(synced);
  return reports;
}
