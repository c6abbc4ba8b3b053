import { basename } from "node:path";
import { displayPath } from "./display-path";
import { type LoadedRevision, PHASES, type Revision } from "./revision";
import { RevisionFileError } from "./revision-file-error";

const REVISION_ID = /^[0-9a-f]{12}$/;

export interface RevisionSource {
  /** Absolute path of the module. */
  readonly file: string;
  /** Computed on first use: only commands that validate or record revisions need it. */
  readonly checksum: () => string;
  /** The label of the branch directory it was found in. */
  readonly branch: string;
}

/**
 * Checks a revision module's default export against the Revision contract and turns it
 * into a LoadedRevision. Type errors are reported here, naming the file, because the
 * module was loaded without type-checking.
 */
export function toLoadedRevision(exported: unknown, source: RevisionSource): LoadedRevision {
  const fail = (what: string): never => {
    throw new RevisionFileError(`${displayPath(source.file)}: ${what}.`, source.file);
  };
  if (!exported || typeof exported !== "object") {
    return fail(`the default export must be the revision object (export default { revision, downRevision, up, down, ... })`);
  }
  const module = exported as Revision;
  const id: unknown = module.revision;
  if (typeof id !== "string" || !REVISION_ID.test(id)) {
    return fail(`revision must be 12 lowercase hex characters, got ${show(id)}`);
  }
  if (!basename(source.file).startsWith(`${id}_`)) {
    return fail(`the file name must start with its revision id (${id}_…), so that files and ids cannot drift apart`);
  }
  const downRevisions = parents(module.downRevision, fail);
  const branchLabels = stringList(module.branchLabels, "branchLabels", fail);
  const dependsOn = stringList(module.dependsOn, "dependsOn", fail);
  const replaces = stringList(module.replaces, "replaces", fail);
  const badId = replaces.find((r) => !REVISION_ID.test(r) || r === id);
  if (badId !== undefined) fail(`replaces must list other revisions' ids (12 lowercase hex characters), got ${show(badId)}`);
  if (replaces.length > 0 && downRevisions.length > 0) {
    fail(`a snapshot (it has replaces) is the base of its branch: its downRevision must be null`);
  }
  if (module.message !== undefined && typeof module.message !== "string") {
    fail(`message must be a string, got ${show(module.message)}`);
  }
  if (module.transaction !== undefined && typeof module.transaction !== "boolean") {
    fail(`transaction must be true or false, got ${show(module.transaction)}`);
  }
  if (module.phase !== undefined && !PHASES.includes(module.phase)) {
    fail(`phase must be "pre" or "post", got ${show(module.phase)}`);
  }
  if (typeof module.up !== "function") fail(`up must be a function (async up(queryRunner) { ... })`);
  if (typeof module.down !== "function") fail(`down must be a function (async down(queryRunner) { ... })`);
  // A base carries its directory's label, so every branch is reachable as L@head.
  const labels =
    downRevisions.length === 0 && !branchLabels.includes(source.branch) ? [...branchLabels, source.branch] : branchLabels;
  return new RevisionOfFile(id, downRevisions, dependsOn, Object.freeze(labels), replaces, module, source);
}

/** Where each loaded revision's checksum comes from: a copy with other links (snapshot-view.ts) shares it. */
const SOURCE = Symbol("source");
/** Checksums computed so far, by source: once per file, whichever copy asks. */
const checksums = new WeakMap<RevisionSource, string>();

/**
 * A loaded revision: its fields, and its file's checksum computed on first use. A class,
 * so that the getter is one function on the prototype, not one per revision of a long history.
 */
class RevisionOfFile implements LoadedRevision {
  readonly message: string;
  readonly transactional: boolean;
  readonly phase: LoadedRevision["phase"];
  readonly file: string;
  readonly directoryBranch: string;
  declare readonly [SOURCE]: RevisionSource;

  constructor(
    readonly id: string,
    readonly downRevisions: readonly string[],
    readonly dependsOn: readonly string[],
    readonly branchLabels: readonly string[],
    readonly replaces: readonly string[],
    readonly module: Revision,
    source: RevisionSource,
  ) {
    this.message = module.message ?? "";
    this.transactional = module.transaction ?? true;
    this.phase = module.phase ?? "pre";
    this.file = source.file;
    this.directoryBranch = source.branch;
    Object.defineProperty(this, SOURCE, { value: source });
    Object.freeze(this);
  }

  get checksum(): string {
    const source = this[SOURCE];
    let checksum = checksums.get(source);
    if (checksum === undefined) checksums.set(source, (checksum = source.checksum()));
    return checksum;
  }
}

/** Shared by every revision without the list: most of a long history has no labels, dependencies or replaces. */
const NONE: readonly string[] = Object.freeze([]);

function parents(value: unknown, fail: (what: string) => never): readonly string[] {
  if (value === null) return NONE;
  if (typeof value === "string") return Object.freeze([value]);
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) {
    return Object.freeze([...value]);
  }
  return fail(
    `downRevision must be null (a base), a revision id, or a non-empty array of ids (a merge), got ${show(value)}`,
  );
}

function stringList(value: unknown, name: string, fail: (what: string) => never): readonly string[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return NONE;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return Object.freeze([...value]);
  return fail(`${name} must be an array of strings, got ${show(value)}`);
}

function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
