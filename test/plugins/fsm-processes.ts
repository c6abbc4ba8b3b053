import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import type { FsmWorkerJob } from "./fsm-worker";

const ROOT = resolve(__dirname, "..", "..");
const BOOT = `require(${JSON.stringify(join(ROOT, "src", "loading", "typescript-hook.js"))}).registerTypeScript(); require(${JSON.stringify(join(__dirname, "fsm-worker.ts"))});`;

export interface FsmWorkerResult {
  readonly ok: number;
  readonly failed: number;
  readonly errors: readonly string[];
  readonly ms: number;
}

/** A worker process, started and connected; `go()` releases it and resolves with its result. */
export interface FsmWorker {
  go(): Promise<FsmWorkerResult>;
}

/** Starts a worker (node with strata's TypeScript hook, as cli/strata.js runs) and waits until it is connected. */
export function startFsmWorker(job: FsmWorkerJob): Promise<FsmWorker> {
  const child = spawn(process.execPath, ["-e", BOOT], { env: { ...process.env, FSM_WORKER_JOB: JSON.stringify(job) }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<FsmWorkerResult>((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("{")) fail(new Error(`FSM worker exited with ${code}: ${stderr || stdout}`));
      else done(JSON.parse(last) as FsmWorkerResult);
    });
  });
  return new Promise((ready, fail) => {
    exited.catch(fail);
    child.stdout.on("data", (d) => {
      const before = stdout;
      stdout += d;
      if (!before.includes("ready\n") && stdout.includes("ready\n")) {
        ready({
          go: () => {
            child.stdin.end("go\n");
            return exited;
          },
        });
      }
    });
  });
}
