import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeLazyEntry } from "./lazy-entry";

const REPO_ROOT = resolve(__dirname, "..", "..");

/**
 * Builds the published package into `outDir` (`npm run build`: dist/): TypeScript 7
 * compiles strata, the loader's plain JavaScript files go as they are, and the entry is
 * made lazy (lazy-entry.ts). Run from its source, not shipped. Throws with tsc's output
 * when the compile fails.
 */
export function buildPackage(outDir: string): void {
  const out = resolve(outDir);
  rmSync(out, { recursive: true, force: true });
  const tsc = join(REPO_ROOT, "node_modules", "typescript-7", "bin", "tsc");
  const compiled = spawnSync(process.execPath, [tsc, "-p", join(REPO_ROOT, "tsconfig.build.json"), "--outDir", out], { cwd: REPO_ROOT, encoding: "utf8" });
  if (compiled.status !== 0) throw new Error(`tsc failed to build the package:\n${compiled.stdout}${compiled.stderr}`);
  const loading = join(REPO_ROOT, "src", "loading");
  for (const file of readdirSync(loading).filter((f) => /\.m?js$/.test(f))) copyFileSync(join(loading, file), join(out, "src", "loading", file));
  writeLazyEntry(join(out, "src", "index.js"));
}
