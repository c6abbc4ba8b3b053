import { join } from "node:path";
import { Worker } from "node:worker_threads";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require("./typescript-hook") as {
  moduleFormat(file: string): "module" | "commonjs";
  sourceMaps(): boolean;
  keepTranspiled(source: string, filename: string, format: "module" | "commonjs", text: string): void;
  typescriptLoaded(): boolean;
};

const TYPESCRIPT = /\.[mc]?ts$/;

/** New revision files compiled in a worker thread, so that this thread's compile of one costs a lookup. */
export interface BackgroundTranspiler {
  /**
   * Compiles `text`, the revision file `file` (loaded as `loadAs`), in the worker and
   * keeps the result where this thread's loader finds it; the worker then computes its
   * checksum into the cache, while this thread loads the module. Resolves once compiled,
   * or once the worker could not (a syntax error, no TypeScript): the loader then
   * compiles it, and reports any error, itself.
   */
  prepare(file: string, text: string, loadAs?: string): Promise<void>;
  close(): Promise<void>;
  /** Closed, idle too long, or the worker died: prepare does nothing. */
  readonly stopped: boolean;
}

/** How long a worker with nothing to do stays, warm, for the next autogenerate in the same process. */
const IDLE_MS = 30_000;

/**
 * Starts the worker now, so that it loads the compiler while the caller works
 * (autogenerate's diff). `nearFile` is a path where the files will be (the worker reads
 * the tsconfig that applies there). It stops when closed, or after IDLE_MS without a file.
 */
export function startTranspiler(nearFile: string): BackgroundTranspiler {
  const worker = new Worker(join(__dirname, "transpile-worker.js"), { workerData: { nearFile, maps: hook.sourceMaps() } });
  const waiting = new Map<number, (text: string | undefined) => void>();
  let stopped = false;
  const settleAll = () => {
    stopped = true;
    for (const done of waiting.values()) done(undefined);
    waiting.clear();
  };
  worker.on("message", ({ id, text }: { id: number; text?: string }) => {
    waiting.get(id)?.(text);
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
  });
  worker.on("error", settleAll);
  worker.on("exit", settleAll);
  // Keeps the process alive only while this thread waits on a file (after the listeners: adding one refs it again).
  worker.unref();
  const close = async () => {
    settleAll();
    await worker.terminate();
  };
  const idle = setTimeout(close, IDLE_MS).unref();
  let next = 0;
  return {
    async prepare(file, text, loadAs = file) {
      if (stopped || !TYPESCRIPT.test(file)) return;
      idle.refresh();
      const format = hook.moduleFormat(file);
      const id = next++;
      const compiled = await new Promise<string | undefined>((done) => {
        worker.ref();
        waiting.set(id, done);
        worker.postMessage({ id, file, text, loadAs, format, maps: hook.sourceMaps() });
      });
      if (compiled !== undefined) hook.keepTranspiled(text, loadAs, format, compiled);
    },
    close,
    get stopped() {
      return stopped;
    },
  };
}

let shared: BackgroundTranspiler | undefined;

/**
 * Runs `work` with this process's transpiler: started on the first call (loading the
 * compiler and the tsconfig over `rootDir`, the config's folder) and kept, warm, for the
 * calls after it until idle. None when this thread has loaded the compiler
 * already (compiling here then costs no load).
 */
export async function withTranspiler<T>(rootDir: string, work: (transpiler: BackgroundTranspiler | undefined) => Promise<T>): Promise<T> {
  if (hook.typescriptLoaded()) return work(undefined);
  if (!shared || shared.stopped) shared = startTranspiler(join(rootDir, "revision.ts"));
  return work(shared);
}
