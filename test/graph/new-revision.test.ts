import { describe, expect, it } from "vitest";
import { MultipleHeadsError, UsageError } from "../../src/errors";
import { RevisionGraph } from "../../src/graph/revision-graph";
import { A1, A2, A3, F1, F2, pluginGraph, rev, thrown } from "./revisions";

describe("newRevisionParents", () => {
  const graph = pluginGraph();

  it("puts a revision on the single head by default", () => {
    const single = new RevisionGraph([rev(A1, null), rev(A2, A1)]);
    expect(single.newRevisionParents()).toEqual({ downRevision: A2, branch: "app", branchLabels: [], dependsOn: [] });
  });

  it("refuses the default head with several heads, naming the L@head forms", () => {
    const error = thrown(() => graph.newRevisionParents());
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect(error.message).toContain("app@head or fsm@head");
    expect(error.message).not.toContain("use heads");
  });

  it("takes L@head and files the revision in that branch's directory", () => {
    expect(graph.newRevisionParents({ head: "fsm@head" })).toEqual({
      downRevision: F2,
      branch: "fsm",
      branchLabels: [],
      dependsOn: [],
    });
    expect(graph.newRevisionParents({ head: "app@head" }).downRevision).toBe(A3);
  });

  it("starts a new labelled base, resolving dependsOn forms to ids", () => {
    expect(graph.newRevisionParents({ head: "base", branchLabel: "audit", dependsOn: ["app@head", F1, "f00000000001"] })).toEqual({
      downRevision: null,
      branch: "audit",
      branchLabels: ["audit"],
      dependsOn: [A3, F1],
    });
    expect(() => graph.newRevisionParents({ head: "base", branchLabel: "audit", dependsOn: ["f000"] })).toThrow(/ambiguous/);
  });

  it("requires a label for a new base, and a label not used yet", () => {
    expect(() => graph.newRevisionParents({ head: "base" })).toThrow(/--branch-label/);
    const error = thrown(() => graph.newRevisionParents({ head: "base", branchLabel: "fsm" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain(`already used by ${F1}`);
  });

  it("refuses a non-head without --splice and accepts it with", () => {
    const error = thrown(() => graph.newRevisionParents({ head: "a00000000002" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain("--splice");
    expect(error.message).toContain(A3);
    expect(graph.newRevisionParents({ head: A2, splice: true })).toMatchObject({ downRevision: A2, branch: "app" });
    expect(graph.newRevisionParents({ head: "a00000000003" }).downRevision).toBe(A3);
  });

  it("starts the app branch in an empty graph or next to a plugin's revisions", () => {
    expect(new RevisionGraph([], "core").newRevisionParents()).toEqual({
      downRevision: null,
      branch: "core",
      branchLabels: [],
      dependsOn: [],
    });
    const pluginOnly = new RevisionGraph([rev(F1, null, { branch: "fsm" })]);
    expect(() => pluginOnly.newRevisionParents()).toThrow(/app branch has no revisions yet.*app@head/);
    expect(pluginOnly.newRevisionParents({ head: "app@head" })).toMatchObject({ downRevision: null, branch: "app" });
  });

  it("refuses heads and relative targets as --head", () => {
    expect(() => graph.newRevisionParents({ head: "heads" })).toThrow(/strata merge/);
    expect(() => graph.newRevisionParents({ head: "+1" })).toThrow(UsageError);
  });
});

describe("mergeParents", () => {
  const forked = new RevisionGraph([rev(A1, null), rev(A2, A1), rev(A3, A1), rev(F1, null, { branch: "fsm" })]);

  it("merges the heads of a label", () => {
    expect(forked.mergeParents(["app"])).toEqual([A2, A3]);
  });

  it("merges named heads, by prefix, in graph order", () => {
    expect(forked.mergeParents(["a00000000003", "a00000000002"])).toEqual([A2, A3]);
  });

  it("refuses a label with one head, a non-head, heads and too few revisions", () => {
    expect(() => forked.mergeParents(["fsm"])).toThrow(`Branch fsm has one head (${F1}): nothing to merge.`);
    expect(() => forked.mergeParents([A1, A2])).toThrow(/not a head/);
    expect(() => forked.mergeParents(["heads"])).toThrow(/need no merge/);
    expect(() => forked.mergeParents([])).toThrow(UsageError);
    expect(() => forked.mergeParents([A2, "a00000000002"])).toThrow(/names one revision/);
    expect(() => forked.mergeParents(["nothing"])).toThrow(/not a branch label/);
  });

  it("allows merging heads of two branches when named explicitly", () => {
    expect(pluginGraph().mergeParents([F2, A3])).toEqual([A3, F2]);
  });
});
