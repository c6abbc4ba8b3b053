import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { DataSource } from "typeorm";
import { PG_ADMIN_URL, SQLITE_DRIVER, sqliteOptions } from "../support/dialects";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly postgres: string;
  readonly sqlite: string;
  readonly typeorm: string;
  /** The 1-minute load average when the run started: a busy machine shows here. */
  readonly load: number;
  /** A bare `node -e 0`, median of 5 at the start: the same machine runs at different speeds on different days, and absolute targets move with it. */
  readonly nodeStartMs: number;
}

function nodeStartMs(): number {
  const samples = Array.from({ length: 5 }, () => {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"]);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }).sort((a, b) => a - b);
  return samples[2]!;
}

function packageVersion(name: string): string {
  // typeorm 1.x's exports map hides its package.json; it sits beside the main file in both lines.
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // no package.json at this level
    }
    if (dirname(dir) === dir) return "unknown";
    dir = dirname(dir);
  }
}

async function scalar(options: ConstructorParameters<typeof DataSource>[0], sql: string): Promise<string> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    const [row] = (await dataSource.query(sql)) as Record<string, unknown>[];
    return String(Object.values(row)[0]);
  } finally {
    await dataSource.destroy();
  }
}

export async function describeMachine(): Promise<Machine> {
  const [cpu] = cpus();
  return {
    cpu: cpu?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    postgres: await scalar({ type: "postgres", url: PG_ADMIN_URL }, "SHOW server_version").catch(() => "not reachable"),
    sqlite: `${await scalar(sqliteOptions(":memory:"), "SELECT sqlite_version()")} (${SQLITE_DRIVER} ${packageVersion(SQLITE_DRIVER === "sqlite" ? "sqlite3" : "better-sqlite3")})`,
    typeorm: packageVersion("typeorm"),
    load: loadavg()[0],
    nodeStartMs: nodeStartMs(),
  };
}
