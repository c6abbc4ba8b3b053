import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

/**
 * A child that prints a step's announcement on stderr, then blocks its event loop (as a
 * synchronous driver does through a whole proof), then prints on stdout; each line
 * stamped with when it arrived here.
 */
function announceThenBlock(blockMs: number): Promise<{ stream: string; text: string; at: number }[]> {
  const script = [
    `require("./src/loading/typescript-hook").registerTypeScript();`,
    `const { err, out } = require("./cli/print.ts");`,
    `err("first, at once"); err("second, close behind");`,
    `const until = Date.now() + ${blockMs}; while (Date.now() < until) {}`,
    `out("after the step");`,
  ].join("\n");
  const child = spawn(process.execPath, ["-e", script], { cwd: ROOT });
  const arrived: { stream: string; text: string; at: number }[] = [];
  child.stdout.on("data", (d) => arrived.push({ stream: "stdout", text: String(d), at: Date.now() }));
  child.stderr.on("data", (d) => arrived.push({ stream: "stderr", text: String(d), at: Date.now() }));
  return new Promise((done, fail) => child.on("close", (code) => (code === 0 ? done(arrived) : fail(new Error(`exit ${code}: ${JSON.stringify(arrived)}`)))));
}

describe("stderr lines of the CLI", () => {
  it("send a step's announcement before the step, however long the step blocks, and every held line before stdout", async () => {
    const arrived = await announceThenBlock(1500);
    const first = arrived.find((a) => a.text.includes("first, at once"));
    const after = arrived.find((a) => a.text.includes("after the step"));
    expect(first?.stream).toBe("stderr");
    expect(after?.stream).toBe("stdout");
    // Seen while the child blocks, not when the block ends.
    expect(after!.at - first!.at, JSON.stringify(arrived)).toBeGreaterThanOrEqual(1000);
    // The line held behind it still comes before stdout's.
    const second = arrived.findIndex((a) => a.text.includes("second, close behind"));
    expect(second).toBeGreaterThanOrEqual(0);
    expect(second).toBeLessThan(arrived.indexOf(after!));
  }, 30_000);
});
