import { ConfigError } from "../errors";
import { typeormVersion } from "./typeorm-version";

/** The TypeORM driver types strata runs on. */
export type SupportedDriver = "sqlite" | "better-sqlite3" | "postgres";

interface Line {
  readonly name: string;
  readonly includes: (major: number, minor: number, patch: number) => boolean;
  readonly drivers: readonly SupportedDriver[];
}

/** Each supported line of typeorm and the driver types it runs with (1.x dropped sqlite3's `sqlite`). */
const LINES: readonly Line[] = [
  {
    name: "0.3.x (from 0.3.20)",
    includes: (major, minor, patch) => major === 0 && minor === 3 && patch >= 20,
    drivers: ["sqlite", "better-sqlite3", "postgres"],
  },
  { name: "1.x", includes: (major) => major === 1, drivers: ["better-sqlite3", "postgres"] },
];

/** The line of each version asked about, worked out once: dialectFor asks for every table a revision creates. */
const lines = new Map<string, Line | undefined>();
function lineOf(version: string): Line | undefined {
  if (!lines.has(version)) {
    const [major, minor, patch] = version.split(/[.-]/).map(Number) as [number, number, number];
    lines.set(version, LINES.find((l) => l.includes(major, minor, patch)));
  }
  return lines.get(version);
}

/** What works, for messages. */
export const SUPPORTED = "strata runs on typeorm 0.3.x (from 0.3.20) with sqlite (sqlite3), better-sqlite3 or postgres, and on typeorm 1.x with better-sqlite3 or postgres";

/**
 * The driver type of `options` if strata runs on it with the installed typeorm; else a
 * ConfigError naming what works, thrown before anything connects.
 */
export function supportedDriver(options: { readonly type: string }, version = typeormVersion()): SupportedDriver {
  const line = lineOf(version);
  if (!line) throw new ConfigError(`typeorm ${version} is not supported: ${SUPPORTED}.`);
  const type = options.type as SupportedDriver;
  if (line.drivers.includes(type)) return type;
  const hint = type === "sqlite" ? ` Use type "better-sqlite3" (npm install better-sqlite3) for SQLite on typeorm ${version.split(".")[0]}.x.` : "";
  throw new ConfigError(`Database type "${options.type}" is not supported with typeorm ${version}: ${SUPPORTED}.${hint}`);
}
