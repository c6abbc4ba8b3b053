import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { StrataConfigInput, StrataFleetInput } from "./types";

/**
 * Typed config for ormconfig.ts (defaults and checks are applied by resolveConfig). It
 * records the folder of the file that called it as `rootDir` (unless one is given), so
 * that relative directories resolve against the config's folder wherever the process
 * started: a compiled app calling migrate() from another directory finds its revisions.
 */
export function defineConfig<T extends StrataConfigInput | StrataFleetInput>(config: T): T {
  if (config.rootDir !== undefined) return config;
  const file = callerFile();
  return file === undefined ? config : { ...config, rootDir: dirname(file) };
}

/** The file of defineConfig's caller, from V8's structured stack trace. */
function callerFile(): string | undefined {
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    const frames = new Error().stack as unknown as { getFileName(): string | null | undefined }[];
    // frames[0] is callerFile, [1] defineConfig, [2] the config module.
    const name = frames[2]?.getFileName() ?? undefined;
    return name?.startsWith("file:") ? fileURLToPath(name) : name;
  } finally {
    Error.prepareStackTrace = prepare;
  }
}
