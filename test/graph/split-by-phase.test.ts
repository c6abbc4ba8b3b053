import { describe, expect, it } from "vitest";
import type { LoadedRevision, Phase } from "../../src/graph/revision";
import { splitByPhase } from "../../src/runtime/split-by-phase";
import { rev } from "./revisions";

const phased = (r: LoadedRevision, phase: Phase): LoadedRevision => ({ ...r, phase });
const ids = (list: readonly LoadedRevision[]) => list.map((r) => r.id);

describe("splitByPhase", () => {
  // app: pre1 → post1 → pre2; fsm: base → post, and a fsm revision depending on app's post1.
  const pre1 = rev("a00000000001", null);
  const post1 = phased(rev("a00000000002", pre1.id), "post");
  const pre2 = rev("a00000000003", post1.id);
  const fsmBase = rev("f00000000001", null, { branch: "fsm" });
  const fsmPost = phased(rev("f00000000002", fsmBase.id, { branch: "fsm" }), "post");
  const fsmNeedsPost1 = rev("f00000000003", null, { branch: "fsm2", dependsOn: [post1.id] });
  const plan = [pre1, fsmBase, post1, fsmPost, pre2, fsmNeedsPost1];

  it("--phase pre stops each branch before its first post revision, holding what builds on it or depends on it", () => {
    const { run, left } = splitByPhase(plan, "pre");
    expect(ids(run)).toEqual([pre1.id, fsmBase.id]);
    expect(ids(left)).toEqual([post1.id, fsmPost.id, pre2.id, fsmNeedsPost1.id]);
  });

  it("--phase post, or none, runs the whole plan", () => {
    expect(splitByPhase(plan, "post")).toEqual({ run: plan, left: [] });
    expect(splitByPhase(plan, undefined)).toEqual({ run: plan, left: [] });
  });
});
