import type { QueryRunner } from "typeorm";

/**
 * Expand and contract (SPEC §12): a "pre" revision (the default) is compatible with the
 * code before it and runs before the new code rolls out; a "post" revision (dropping
 * what the old code still reads) runs after.
 */
export type Phase = "pre" | "post";
export const PHASES: readonly Phase[] = ["pre", "post"];

/** What a revision file's default export looks like (SPEC §3). */
export interface Revision {
  /** 12 lowercase hex characters. */
  readonly revision: string;
  /** null for a base, an array for a merge. */
  readonly downRevision: string | readonly string[] | null;
  /** Labels introduced here (the first revision of a plugin branch carries the plugin's name). */
  readonly branchLabels?: readonly string[];
  /** Revisions (of any branch) that must be applied before this one. */
  readonly dependsOn?: readonly string[];
  readonly message: string;
  /** false for statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY). */
  readonly transaction?: boolean;
  /** "post" for a contract step that only runs once the old code is gone; default "pre". */
  readonly phase?: Phase;
  /**
   * A snapshot (`strata squash`): the revisions whose schema it builds in one step,
   * oldest first, the squashed revision last. Their files may then be deleted.
   */
  readonly replaces?: readonly string[];
  up(queryRunner: QueryRunner): Promise<void>;
  down(queryRunner: QueryRunner): Promise<void>;
}

/** A revision as loaded from disk: the module plus where it came from. */
export interface LoadedRevision {
  readonly id: string;
  /** Parents along the branch (empty for a base). */
  readonly downRevisions: readonly string[];
  readonly dependsOn: readonly string[];
  /** Labels declared in the file (plus the directory's label on a base, see loadRevisions). */
  readonly branchLabels: readonly string[];
  readonly message: string;
  readonly transactional: boolean;
  readonly phase: Phase;
  /** A snapshot's squashed revisions, oldest first (empty for any other revision). */
  readonly replaces: readonly string[];
  /** Absolute path of the module. */
  readonly file: string;
  /** sha256 (hex) of the file's bytes. */
  readonly checksum: string;
  /** The branch directory it was loaded from (the app's or a plugin's label). */
  readonly directoryBranch: string;
  readonly module: Revision;
}
