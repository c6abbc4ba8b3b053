import type { LoadedRevision } from "../../src/graph/revision";
import { RevisionGraph } from "../../src/graph/revision-graph";

export interface RevisionOptions {
  /** The directory branch (default "app"); a base also gets it as a label, as loadRevisions does. */
  readonly branch?: string;
  readonly labels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly message?: string;
  /** A snapshot's squashed revisions. */
  readonly replaces?: readonly string[];
}

/** A LoadedRevision built in memory, as loadRevisions would return it for a file. */
export function rev(id: string, down: string | readonly string[] | null, options: RevisionOptions = {}): LoadedRevision {
  const branch = options.branch ?? "app";
  const downRevisions = down === null ? [] : typeof down === "string" ? [down] : [...down];
  const declared = options.labels ?? [];
  const branchLabels = downRevisions.length === 0 && !declared.includes(branch) ? [...declared, branch] : [...declared];
  const message = options.message ?? `revision ${id}`;
  return {
    id,
    downRevisions,
    dependsOn: options.dependsOn ?? [],
    branchLabels,
    message,
    transactional: true,
    phase: "pre",
    replaces: options.replaces ?? [],
    file: `/project/migrations/${branch === "app" ? "" : `${branch}/`}${id}_rev.ts`,
    checksum: "0".repeat(64),
    directoryBranch: branch,
    module: {
      revision: id,
      downRevision: down,
      message,
      async up() {},
      async down() {},
    },
  };
}

export const A1 = "a00000000001";
export const A2 = "a00000000002";
export const A3 = "a00000000003";
export const F1 = "f00000000001";
export const F2 = "f00000000002";

/**
 * The app branch A1 <- A2 <- A3 and the fsm plugin branch F1 <- F2, whose base depends
 * on A2 (its table has a foreign key to an app table created there).
 */
export function pluginRevisions(): LoadedRevision[] {
  return [
    rev(A1, null),
    rev(A2, A1),
    rev(A3, A2),
    rev(F1, null, { branch: "fsm", dependsOn: [A2] }),
    rev(F2, F1, { branch: "fsm" }),
  ];
}

export function pluginGraph(): RevisionGraph {
  return new RevisionGraph(pluginRevisions(), "app");
}

/** Ids of a list of revisions, for compact assertions. */
export function ids(revisions: readonly LoadedRevision[]): string[] {
  return revisions.map((r) => r.id);
}

/** The error `fn` throws (failing the test when it throws nothing). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, none was thrown");
}

/** The error `fn` rejects with (failing the test when it resolves). */
export async function rejected(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, the promise resolved");
}
