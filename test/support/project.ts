import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestDatabase } from "./dialects";

export const REPO_ROOT = resolve(__dirname, "..", "..");
const CLI = join(REPO_ROOT, "cli", "strata.js");
const SCRATCH = join(REPO_ROOT, ".vitest-tmp");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RevisionSpec {
  readonly id: string;
  readonly down?: string | readonly string[] | null;
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly transaction?: boolean;
  /** Declared as `phase:` (SPEC §12); none by default. */
  readonly phase?: "pre" | "post";
  /** Bodies of up()/down(), with `queryRunner` in scope. */
  readonly up?: string;
  readonly downBody?: string;
}

/** A throw-away application directory: ormconfig.ts, migrations/, pointing at a test database. */
export class TestProject {
  readonly dir: string;

  constructor(readonly db: TestDatabase, options: { configBody?: string } = {}) {
    // Inside the repository, so the project's imports of typeorm resolve as a user's would.
    mkdirSync(SCRATCH, { recursive: true });
    this.dir = mkdtempSync(join(SCRATCH, "project-"));
    mkdirSync(join(this.dir, "migrations"), { recursive: true });
    this.writeConfig(options.configBody ?? "");
  }

  /** The config's dataSource points at the test database; `extra` adds fields to defineConfig. */
  writeConfig(extra: string, preamble = "", entities = "[]"): void {
    const src = join(REPO_ROOT, "src").split("\\").join("/");
    const dataSource =
      this.db.dialect === "sqlite"
        ? `{ type: "${this.db.options.type}", database: ${JSON.stringify(this.db.url)}, entities: ${entities} }`
        : `{ type: "postgres", url: ${JSON.stringify(this.db.url)}, entities: ${entities} }`;
    writeFileSync(
      join(this.dir, "ormconfig.ts"),
      `import { defineConfig } from ${JSON.stringify(src)};\n${preamble}\nexport default defineConfig({\n  dataSource: ${dataSource},\n  ${extra}\n});\n`,
    );
  }

  writeRevision(spec: RevisionSpec, branchDir = "migrations"): string {
    const down = spec.down === undefined ? null : spec.down;
    const body = [
      `export default {`,
      `  revision: ${JSON.stringify(spec.id)},`,
      `  downRevision: ${JSON.stringify(down)},`,
      spec.branchLabels ? `  branchLabels: ${JSON.stringify(spec.branchLabels)},` : "",
      spec.dependsOn ? `  dependsOn: ${JSON.stringify(spec.dependsOn)},` : "",
      `  message: ${JSON.stringify(spec.message ?? `revision ${spec.id}`)},`,
      spec.transaction === false ? `  transaction: false,` : "",
      spec.phase ? `  phase: ${JSON.stringify(spec.phase)},` : "",
      `  async up(queryRunner: any) { ${spec.up ?? ""} },`,
      `  async down(queryRunner: any) { ${spec.downBody ?? ""} },`,
      `};`,
      "",
    ]
      .filter(Boolean)
      .join("\n");
    const dir = join(this.dir, branchDir);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${spec.id}_${(spec.message ?? "rev").replace(/\W+/g, "_")}.ts`);
    writeFileSync(file, body);
    return file;
  }

  /** Writes a file of the project (an entity module, say). */
  writeFile(name: string, text: string): void {
    writeFileSync(join(this.dir, name), text);
  }

  run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return runCli(this.dir, args, env);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `strata args…` as a child process the test may stop or kill; `onStderr` sees stderr as it grows. */
export function startCli(cwd: string, args: readonly string[], onStderr?: (stderr: string) => void): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => {
    stderr += d;
    onStderr?.(stderr);
  });
  const done = new Promise<CliResult>((ok, fail) => {
    child.on("error", fail);
    child.on("close", (code, signal) => ok({ code: code ?? (signal ? -1 : 0), stdout, stderr }));
  });
  return { child, done };
}

export function runCli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** A 12-hex revision id from a short readable tag ("a1" → "a10000000000"). */
export const rid = (tag: string) => tag.padEnd(12, "0");
