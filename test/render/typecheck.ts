import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(__dirname, "..", "..");

/**
 * Type-checks revision files as an application would see them: `typeorm` from
 * node_modules, `./strata` standing for the package's public API, strict mode.
 * Returns tsc's diagnostics ("" when clean).
 */
export function typecheck(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "strata-typecheck-"));
  try {
    symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
    const src = join(REPO, "src").split("\\").join("/");
    writeFileSync(
      join(dir, "strata.ts"),
      `export * from ${JSON.stringify(`${src}/operations/apply`)};\nexport type { Revision } from ${JSON.stringify(`${src}/graph/revision`)};\n`,
    );
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          module: "preserve",
          moduleResolution: "bundler",
          lib: ["es2022"],
          types: ["node"],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
        },
        files: Object.keys(files),
      }),
    );
    const tsc = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { encoding: "utf8" });
    return `${tsc.stdout}${tsc.stderr}`.trim() || (tsc.status === 0 ? "" : `tsc exited with ${tsc.status}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
