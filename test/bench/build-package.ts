import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeLazyEntry } from "../../src/loading/lazy-entry";
import { REPO_ROOT } from "./bench-workspace";

/** The compiled package as `npm run build` makes it, written to `outDir` instead of dist/. */
export interface BuiltPackage {
  readonly cli: string;
  readonly index: string;
}

/** Compiles strata as `npm run build` does, into `outDir`; undefined (with the reason logged) when it fails. */
export function buildPackage(outDir: string, log: (line: string) => void): BuiltPackage | undefined {
  const tsc = join(REPO_ROOT, "node_modules", "typescript-7", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(REPO_ROOT, "tsconfig.build.json"), "--outDir", outDir], { cwd: REPO_ROOT, encoding: "utf8" });
  const cli = join(outDir, "cli", "main.js");
  if (result.status !== 0 || !existsSync(cli)) {
    log(`  building the package failed, so its rows are left out:\n${(result.stdout + result.stderr).slice(0, 2000)}`);
    return undefined;
  }
  // As `npm run build`: the loader's plain JavaScript files go as they are.
  const loading = join(REPO_ROOT, "src", "loading");
  for (const file of readdirSync(loading).filter((f) => /\.m?js$/.test(f))) copyFileSync(join(loading, file), join(outDir, "src", "loading", file));
  writeLazyEntry(join(outDir, "src", "index.js"));
  return { cli, index: join(outDir, "src", "index.js") };
}
