import { join } from "node:path";
import { buildPackage as build } from "../../src/loading/build-package";

/** The compiled package as `npm run build` makes it, written to `outDir` instead of dist/. */
export interface BuiltPackage {
  readonly cli: string;
  readonly index: string;
}

/** Builds strata as `npm run build` does, into `outDir`; undefined (with the reason logged) when it fails. */
export function buildPackage(outDir: string, log: (line: string) => void): BuiltPackage | undefined {
  try {
    build(outDir);
  } catch (error) {
    log(`  building the package failed, so its rows are left out:\n${String(error instanceof Error ? error.message : error).slice(0, 2000)}`);
    return undefined;
  }
  return { cli: join(outDir, "cli", "main.js"), index: join(outDir, "src", "index.js") };
}
