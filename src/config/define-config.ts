import type { StrataConfigInput } from "./types";

/** Typed identity for ormconfig.ts; defaults and checks are applied by resolveConfig. */
export function defineConfig(config: StrataConfigInput): StrataConfigInput {
  return config;
}
