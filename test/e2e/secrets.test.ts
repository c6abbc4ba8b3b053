import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TestDatabase } from "../support/dialects";
import { REPO_ROOT, rid, TestProject } from "../support/project";

const SRC = JSON.stringify(join(REPO_ROOT, "src"));
// Unencoded @, space, % and : inside the password, as pg-connection-string accepts them.
// (TypeORM cannot decode a bare %, so that one fails before connecting; the other reaches the network.)
const PASSWORD = "p@ss w%rd:x";
const FRAGMENTS = [PASSWORD, "ss w%rd", "w%rd:x", encodeURIComponent(PASSWORD), "p%40ss"];
const at = (password: string): TestDatabase => ({
  dialect: "postgres",
  url: `postgres://app:${password}@127.0.0.1:1/nowhere`,
  options: { type: "postgres" },
  drop: async () => {},
});
const unreachable = at(PASSWORD);

function expectNoPassword(text: string, password = PASSWORD, fragments = FRAGMENTS): void {
  for (const piece of [password, ...fragments]) expect(text).not.toContain(piece);
}

describe("passwords are never printed", () => {
  let project: TestProject;
  afterEach(() => project.remove());

  it.each([PASSWORD, "s3cr@t :pw"])("in errors, --verbose and --json, whatever the URL holds (%s)", async (password) => {
    const fragments = [...FRAGMENTS, password, encodeURIComponent(password), password.slice(2)];
    const unreachable = at(password);
    project = new TestProject(unreachable);
    project.writeRevision({ id: rid("f1") });
    const plain = await project.run(["upgrade"]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("Cannot connect to postgres://app:***@127.0.0.1:1/nowhere");
    const verbose = await project.run(["upgrade", "--verbose"]);
    const json = await project.run(["current", "--json"]);
    expect(JSON.parse(json.stdout).error.message).toContain("Cannot connect");
    const env = await project.run(["current"], { DATABASE_URL: unreachable.url });
    for (const run of [plain, verbose, json, env]) expectNoPassword(run.stdout + run.stderr, password, fragments);
  });

  it("given as a password option", async () => {
    project = new TestProject(unreachable);
    project.writeFile(
      "ormconfig.ts",
      `import { defineConfig } from ${SRC};\nexport default defineConfig({ dataSource: { type: "postgres", host: "127.0.0.1", port: 1, username: "app", password: ${JSON.stringify(PASSWORD)}, database: "x" } });\n`,
    );
    for (const args of [["upgrade", "--verbose"], ["current", "--json"]]) {
      const run = await project.run(args);
      expect(run.code).toBe(1);
      expectNoPassword(run.stdout + run.stderr);
    }
  });

  it("in a config file's syntax error: position and message, no source line", async () => {
    project = new TestProject(unreachable);
    project.writeFile(
      "ormconfig.ts",
      `import { defineConfig } from ${SRC};\nexport default defineConfig({\n  dataSource: { type: "postgres", password: "hunter2-secret" ,, },\n});\n`,
    );
    for (const args of [["current"], ["current", "--verbose"], ["current", "--json"]]) {
      const run = await project.run(args);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/\(line 3, column \d+\)/);
      expectNoPassword(run.stdout + run.stderr, "hunter2-secret", ["hunter2"]);
    }
  });
});
