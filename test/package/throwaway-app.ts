import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../support/project";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (never through a shell), with a time limit. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * A folder outside the repository holding the packed tarball and, in its node_modules,
 * the database drivers copied from the repository's (with their dependencies): apps
 * made below it find them as an app finds its own, without building them again.
 */
export class PackageWorkspace {
  readonly root = mkdtempSync(join(tmpdir(), "strata-package-"));
  tarball = "";

  async pack(): Promise<void> {
    const packed = await run("npm", ["pack", "--pack-destination", this.root], REPO_ROOT);
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
    const name = readdirSync(this.root).find((f) => f.endsWith(".tgz"));
    if (!name) throw new Error("npm pack wrote no tarball");
    this.tarball = join(this.root, name);
    copyWithDependencies(["sqlite3", "better-sqlite3", "pg"], join(REPO_ROOT, "node_modules"), join(this.root, "node_modules"));
  }

  /** Files of the packed tarball (`npm pack --dry-run --json`). */
  async files(): Promise<string[]> {
    const listed = await run("npm", ["pack", "--dry-run", "--json"], REPO_ROOT);
    return (JSON.parse(listed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  }

  /** A new app folder with `files` written and `packages` plus the tarball installed. */
  async app(name: string, manifest: object, files: Record<string, string>, packages: readonly string[]): Promise<string> {
    const dir = join(this.root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, version: "1.0.0", private: true, ...manifest }, null, 2)}\n`);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const installed = await run("npm", ["install", "--no-audit", "--no-fund", "--save-exact", ...packages, this.tarball], dir);
    if (installed.code !== 0) throw new Error(`npm install in ${name} failed:\n${installed.stderr}`);
    return dir;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Copies packages and their runtime dependencies from one node_modules to another. */
function copyWithDependencies(names: readonly string[], from: string, to: string, seen = new Set<string>()): void {
  for (const name of names) {
    if (seen.has(name) || !existsSync(join(from, name))) continue;
    seen.add(name);
    cpSync(join(from, name), join(to, name), { recursive: true, dereference: true });
    const manifest = JSON.parse(readFileSync(join(from, name, "package.json"), "utf8")) as { dependencies?: object };
    copyWithDependencies(Object.keys(manifest.dependencies ?? {}), from, to, seen);
  }
}
