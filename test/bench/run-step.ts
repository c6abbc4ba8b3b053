import { spawn } from "node:child_process";
import { join } from "node:path";
import type { BenchDatabase } from "./bench-workspace";
import { REPO_ROOT } from "./bench-workspace";

export interface StepSpec {
  readonly step: "load" | "strata generate" | "strata migrate" | "strata check" | "typeorm diff + apply";
  readonly db: BenchDatabase;
  readonly n: number;
  readonly mutated?: boolean;
  /** The strata project folder (its migrations/). */
  readonly dir: string;
}

export interface StepOutcome {
  /** The step alone, measured inside the child (no process start-up). */
  readonly ms: number;
  /** The child's peak resident set size, start-up included. */
  readonly maxRssMb: number;
}

const ENTRY = `require(${JSON.stringify(join(REPO_ROOT, "src", "loading", "typescript-hook"))}).registerTypeScript(); require(${JSON.stringify(join(__dirname, "step-child.ts"))});`;

/** Runs `spec` in a new Node process; `cpuProfileDir` adds `--cpu-prof` writing there. */
export function runStep(spec: StepSpec, cacheDir: string, cpuProfileDir?: string): Promise<StepOutcome> {
  const flags = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...flags, "-e", ENTRY, "--", JSON.stringify(spec)], {
      cwd: spec.dir,
      env: { ...process.env, STRATA_CACHE_DIR: cacheDir },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("{")) return fail(new Error(`${spec.step} (child process) exited ${code}:\n${stderr || stdout}`.slice(0, 4000)));
      done(JSON.parse(last) as StepOutcome);
    });
  });
}
