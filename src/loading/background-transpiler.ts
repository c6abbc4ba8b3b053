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
}

/**
 * Starts the worker now, so that it loads the compiler while the caller works
 * (autogenerate's diff). `nearFile` is a path where the files will be (the worker reads
 * the tsconfig that applies there).
 */
export function startTranspiler(nearFile: string): BackgroundTranspiler {
  const worker = new Worker(join(__dirname, "transpile-worker.js"), { workerData: { nearFile, maps: hook.sourceMaps() } });
  // Never what keeps the process alive.
  worker.unref();
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
  });
  worker.on("error", settleAll);
  worker.on("exit", settleAll);
  let next = 0;
  return {
    async prepare(file, text, loadAs = file) {
      if (stopped || !TYPESCRIPT.test(file)) return;
      const format = hook.moduleFormat(file);
      const id = next++;
      const compiled = await new Promise<string | undefined>((done) => {
        waiting.set(id, done);
        worker.postMessage({ id, file, text, loadAs, format });
      });
      if (compiled !== undefined) hook.keepTranspiled(text, loadAs, format, compiled);
    },
    async close() {
      settleAll();
      await worker.terminate();
    },
  };
}

/**
 * Runs `work` with a transpiler started first (see startTranspiler) and stopped after it;
 * with none when this thread has loaded the compiler already (a long-lived process):
 * compiling here then costs no load.
 */
export async function withTranspiler<T>(nearFile: string, work: (transpiler: BackgroundTranspiler | undefined) => Promise<T>): Promise<T> {
  const transpiler = hook.typescriptLoaded() ? undefined : startTranspiler(nearFile);
  try {
    return await work(transpiler);
  } finally {
    await transpiler?.close();
  }
}
