import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors";
import { parseTarget } from "../../src/graph/target";

describe("parseTarget", () => {
  it("parses every target form", () => {
    expect(parseTarget("heads")).toEqual({ kind: "heads" });
    expect(parseTarget("head")).toEqual({ kind: "head" });
    expect(parseTarget("base")).toEqual({ kind: "base" });
    expect(parseTarget("fsm@head")).toEqual({ kind: "head", label: "fsm" });
    expect(parseTarget("fsm@heads")).toEqual({ kind: "heads", label: "fsm" });
    expect(parseTarget("fsm@base")).toEqual({ kind: "base", label: "fsm" });
    expect(parseTarget("+2")).toEqual({ kind: "relative", steps: 2 });
    expect(parseTarget("-1")).toEqual({ kind: "relative", steps: -1 });
    expect(parseTarget("app@+3")).toEqual({ kind: "relative", label: "app", steps: 3 });
    expect(parseTarget("app@-1")).toEqual({ kind: "relative", label: "app", steps: -1 });
    expect(parseTarget("3c9d")).toEqual({ kind: "revision", ref: "3c9d" });
    expect(parseTarget(" app@3c9d0a1b2c3d ")).toEqual({ kind: "revision", label: "app", ref: "3c9d0a1b2c3d" });
  });

  it("refuses empty, zero-step and malformed labelled targets", () => {
    expect(() => parseTarget("")).toThrow(UsageError);
    expect(() => parseTarget("+0")).toThrow(/moves nothing/);
    expect(() => parseTarget("@head")).toThrow(UsageError);
    expect(() => parseTarget("fsm@")).toThrow(/fsm@head/);
    expect(() => parseTarget("my label@head")).toThrow(/not a branch label/);
    expect(() => parseTarget("base@head")).toThrow(/reserved/);
  });
});
