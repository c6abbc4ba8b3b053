import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./bench-workspace";

const CLI = join(REPO_ROOT, "cli", "strata.js");

export interface ColdRun {
  readonly ms: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ColdOptions {
  /** The TypeScript hook's compile cache (STRATA_CACHE_DIR), in the work directory so the bench leaves no entries behind. */
  readonly cacheDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The CLI's entry: the repository's cli/strata.js (TypeScript sources) or a compiled package's cli/main.js. */
  readonly cli?: string;
  /** Node's own flags before the entry (`--cpu-prof` …). */
  readonly nodeFlags?: readonly string[];
}

/** `node cli/strata.js ARGS` in `cwd` as a new process, timed from spawn to exit. */
export function coldCli(cwd: string, args: readonly string[], options: ColdOptions): Promise<ColdRun> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const env = { ...process.env, ...options.env, STRATA_CACHE_DIR: options.cacheDir };
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), options.cli ?? CLI, ...args], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ ms: Number(process.hrtime.bigint() - started) / 1e6, code: code ?? -1, stdout, stderr }));
  });
}

/** Fails with the command's own output when it did not exit as expected. */
export function expectExit(run: ColdRun, args: readonly string[], code = 0): ColdRun {
  if (run.code !== code) {
    throw new Error(`strata ${args.join(" ")} exited ${run.code} (expected ${code}):\n${run.stderr || run.stdout}`.slice(0, 4000));
  }
  return run;
}
