import { describe, expect, it } from "vitest";
import { MultipleHeadsError, ResolutionError, UsageError } from "../../src/errors";
import { RevisionGraph } from "../../src/graph/revision-graph";
import { A1, A2, A3, F1, F2, ids, pluginGraph, rev, thrown } from "./revisions";

const none = new Set<string>();

describe("upgradePlan", () => {
  const graph = pluginGraph();

  it("heads applies every branch, dependencies first", () => {
    expect(ids(graph.upgradePlan(none, "heads"))).toEqual([A1, A2, A3, F1, F2]);
  });

  it("returns nothing to do at the heads", () => {
    expect(graph.upgradePlan(new Set([A1, A2, A3, F1, F2]), "heads")).toEqual([]);
    expect(graph.upgradePlan(new Set([A1, A2, A3]), "app@head")).toEqual([]);
  });

  it("refuses head with several heads, naming the L@head forms", () => {
    const error = thrown(() => graph.upgradePlan(none, "head"));
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect((error as MultipleHeadsError).heads).toEqual([A3, F2]);
    expect(error.message).toBe(
      `Multiple heads: ${A3} (app), ${F2} (fsm). Specify app@head or fsm@head, or use heads.`,
    );
  });

  it("takes head when there is one head", () => {
    const single = new RevisionGraph([rev(A1, null), rev(A2, A1)]);
    expect(ids(single.upgradePlan(new Set([A1]), "head"))).toEqual([A2]);
    expect(new RevisionGraph([]).upgradePlan(none, "head")).toEqual([]);
  });

  it("L@head brings the revisions its branch depends on, and no more", () => {
    expect(ids(graph.upgradePlan(none, "fsm@head"))).toEqual([A1, A2, F1, F2]);
    expect(ids(graph.upgradePlan(none, "app@head"))).toEqual([A1, A2, A3]);
  });

  it("refuses L@head when the branch itself has two heads", () => {
    const forked = new RevisionGraph([rev(A1, null), rev(A2, A1), rev(A3, A1)]);
    const error = thrown(() => forked.upgradePlan(none, "app@head"));
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect(error.message).toContain("strata merge app");
  });

  it("a revision id or prefix applies it and its ancestors, dependsOn included", () => {
    expect(ids(graph.upgradePlan(none, F1))).toEqual([A1, A2, F1]);
    expect(ids(graph.upgradePlan(new Set([A1]), "a00000000002"))).toEqual([A2]);
    expect(ids(graph.upgradePlan(none, `fsm@${F2}`))).toEqual([A1, A2, F1, F2]);
  });

  it("refuses an ambiguous or unknown revision", () => {
    const ambiguous = thrown(() => graph.upgradePlan(none, "f000"));
    expect(ambiguous).toBeInstanceOf(ResolutionError);
    expect((ambiguous as ResolutionError).candidates).toEqual([F1, F2]);
    expect(() => graph.upgradePlan(none, "beef0000")).toThrow(ResolutionError);
    expect(() => graph.upgradePlan(none, "billing@head")).toThrow(/Unknown branch billing/);
  });

  it("L@+N moves one branch from its applied head", () => {
    expect(ids(graph.upgradePlan(new Set([A1]), "app@+1"))).toEqual([A2]);
    expect(ids(graph.upgradePlan(new Set([A1]), "app@+2"))).toEqual([A2, A3]);
    // The plugin branch starts at its base, bringing the app revision it depends on.
    expect(ids(graph.upgradePlan(new Set([A1]), "fsm@+1"))).toEqual([A2, F1]);
    expect(ids(graph.upgradePlan(new Set([A1, A2, F1]), "fsm@+1"))).toEqual([F2]);
  });

  it("refuses L@+N past the branch head, saying how far it can go", () => {
    const error = thrown(() => graph.upgradePlan(new Set([A1]), "app@+3"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain("only 2 revisions");
    expect(error.message).toContain("app@+2");
  });

  it("+N moves the one branch that can move", () => {
    expect(ids(graph.upgradePlan(new Set([A1, A2, A3, F1]), "+1"))).toEqual([F2]);
    const single = new RevisionGraph([rev(A1, null), rev(A2, A1), rev(A3, A2)]);
    expect(ids(single.upgradePlan(none, "+2"))).toEqual([A1, A2]);
    expect(single.upgradePlan(new Set([A1, A2, A3]), "+1")).toEqual([]);
  });

  it("refuses a bare +N that would move two branches, naming the L@+N forms", () => {
    const error = thrown(() => graph.upgradePlan(new Set([A1]), "+1"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain("more than one branch");
    expect(error.message).toContain("app@+1 or fsm@+1");
  });

  it("refuses +N at a fork, naming the children", () => {
    const forked = new RevisionGraph([rev(A1, null), rev(A2, A1), rev(A3, A1)]);
    const error = thrown(() => forked.upgradePlan(new Set([A1]), "app@+1"));
    expect(error.message).toContain("ambiguous");
    expect(error.message).toContain(`${A2} or ${A3}`);
  });

  it("steps onto a merge revision once both parents are applied", () => {
    const merged = new RevisionGraph([rev(A1, null), rev(A2, A1), rev(A3, A1), rev("a00000000004", [A2, A3])]);
    expect(ids(merged.upgradePlan(new Set([A1, A2, A3]), "+1"))).toEqual(["a00000000004"]);
  });

  it("refuses downgrade targets", () => {
    expect(() => graph.upgradePlan(none, "base")).toThrow(/downgrade target/);
    expect(() => graph.upgradePlan(none, "-1")).toThrow(/strata downgrade -1/);
  });
});
