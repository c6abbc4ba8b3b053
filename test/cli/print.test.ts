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

/**
 * Runs `code` (with cli/print.ts as `print`) on a pseudo-terminal (util-linux `script`), typing
 * each answer when the question before it shows; resolves with all the terminal showed.
 */
function onPseudoTerminal(code: string, answers: readonly { after: string; type: string }[]): Promise<string> {
  const program = `require("./src/loading/typescript-hook").registerTypeScript(); const print = require("./cli/print.ts"); (async () => { ${code} })();`;
  const child = spawn("script", ["-qec", `${JSON.stringify(process.execPath)} -e ${JSON.stringify(program).replace(/\$/g, "\\$")}`, "/dev/null"], { cwd: ROOT });
  let shown = "";
  let next = 0;
  let seenUpTo = 0;
  const typeWhenAsked = (d: Buffer) => {
    shown += String(d);
    for (let at: number; next < answers.length && (at = shown.indexOf(answers[next].after, seenUpTo)) >= 0; next++) {
      seenUpTo = at + answers[next].after.length;
      child.stdin.write(answers[next].type);
    }
  };
  child.stdout.on("data", typeWhenAsked);
  child.stderr.on("data", typeWhenAsked);
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => (code === 0 && next === answers.length ? done(shown) : fail(new Error(`exit ${code}, ${next} answers typed:\n${shown}`))));
  });
}

describe("questions on the terminal", () => {
  it("take a yes, and several answers, trimmed, through one interface", async () => {
    const shown = await onPseudoTerminal(
      `const go = await print.confirm("Go ahead?"); const both = await print.onTerminal(async (ask) => [await ask("first? "), await ask("second? ")]); const no = await print.confirm("Again?"); console.log("RESULT " + JSON.stringify({ go, both, no }));`,
      [
        { after: "Go ahead? [y/N]", type: "yes\n" },
        { after: "first? ", type: "  one  \n" },
        { after: "second? ", type: "two\n" },
        { after: "Again? [y/N]", type: "nope\n" },
      ],
    );
    expect(shown).toContain(`RESULT {"go":true,"both":["one","two"],"no":false}`);
  }, 30_000);
});
