import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { StrataConfig } from "../config/types";
import { StrataError, UsageError } from "../errors";
import { displayPath } from "./display-path";

export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}

/** `<revision>_<slug>.ts`: the message, lower case, words joined by `_`. */
function revisionFileName(revision: string, message: string): string {
  const slug = message.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
  return `${revision}_${slug || "revision"}.ts`;
}

function isStrataCheckout(dir: string): boolean {
  const manifest = join(dir, "package.json");
  return existsSync(manifest) && existsSync(join(dir, "src", "index.ts")) && JSON.parse(readFileSync(manifest, "utf8")).name === "strata";
}

/**
 * How a revision file imports strata's types: "strata" for users, a relative path to
 * src/ inside this repository (whose package is strata itself), its workspace packages
 * (the example's plugin under entities/) included. An installed copy of strata under
 * node_modules is never imported relatively.
 */
function importPathFor(dir: string): string {
  for (let at = dir; basename(at) !== "node_modules"; at = dirname(at)) {
    if (isStrataCheckout(at)) {
      const path = relative(dir, join(at, "src")).split(sep).join("/");
      return path.startsWith(".") ? path : `./${path}`;
    }
    if (dirname(at) === at) break;
  }
  return "strata";
}

function directoryOf(config: StrataConfig, branch: string): string {
  const entry = config.branchDirectories.find((b) => b.branch === branch);
  if (!entry) {
    const known = config.branchDirectories.map((b) => b.branch).join(", ");
    throw new UsageError(`No branch "${branch}" in the configuration (known: ${known}). Add the plugin to the config first.`);
  }
  return entry.dir;
}

/** `dir`, or its nearest existing ancestor, with symbolic links resolved. */
function realExisting(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(at)) return realpathSync(at);
    if (dirname(at) === at) return at;
  }
}

function isWritable(dir: string): boolean {
  try {
    accessSync(realExisting(dir), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why strata will not write into `dir` on its own (a package's installed copy, a read-only tree), or undefined. */
function unwritableReason(dir: string): string | undefined {
  const real = realExisting(dir);
  if (real.split(sep).includes("node_modules")) {
    return "is inside node_modules (an installed package): a file written there never reaches the package's source and is lost on the next install";
  }
  if (!isWritable(dir)) return "is not writable";
  return undefined;
}

/** The refusal for a branch whose configured directory strata must not write into, with the way out. */
function refusal(config: StrataConfig, branch: string, dir: string, reason: string): StrataError {
  const isPlugin = config.branchDirectories.some((b) => b.branch === branch && b.plugin !== undefined);
  const wayOut = isPlugin
    ? `Write a hand-written revision into the plugin's source with \`strata revision -m MSG --head ${branch}@head --version-path DIR\`; ` +
      `to autogenerate, link the plugin's source checkout (\`npm link\` or a workspace) so that its migrationsDir is the source's own folder.`
    : `Make it writable, or write a hand-written revision elsewhere with \`strata revision -m MSG --head ${branch}@head --version-path DIR\`.`;
  return new UsageError(`Branch ${branch}'s revision directory ${displayPath(dir)} ${reason}; strata writes nothing there.\n${wayOut}`);
}

/** Where a new revision file of `branch` goes, and how it imports strata's types from there. */
export function revisionFilePath(config: StrataConfig, branch: string, revision: string, message: string): { file: string; importFrom: string } {
  const dir = directoryOf(config, branch);
  return { file: join(dir, revisionFileName(revision, message)), importFrom: importPathFor(dir) };
}

/**
 * Refuses, before anything is written, a branch whose configured directory is inside
 * node_modules or not writable. Autogenerate may call it for every branch up front.
 */
export function assertRevisionDirectoryWritable(config: StrataConfig, branch: string): void {
  const dir = directoryOf(config, branch);
  const reason = unwritableReason(dir);
  if (reason !== undefined) throw refusal(config, branch, dir, reason);
}

/**
 * Writes a new revision file into `branch`'s directory, or into `versionPath` when the
 * user named one (Alembic's `--version-path`), and returns its path; `render` gets the
 * import path for strata's types. Never overwrites a file, and never writes into a
 * configured directory under node_modules or one that is not writable.
 */
export function writeRevisionFile(
  config: StrataConfig,
  branch: string,
  revision: string,
  message: string,
  render: (importFrom: string) => string,
  versionPath?: string,
): string {
  let dir: string;
  if (versionPath === undefined) {
    assertRevisionDirectoryWritable(config, branch);
    dir = directoryOf(config, branch);
  } else {
    dir = resolve(versionPath);
    if (!isWritable(dir)) throw new UsageError(`--version-path ${displayPath(dir)} is not writable: name a directory you can write to.`);
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, revisionFileName(revision, message));
  writeFileSync(file, render(importPathFor(dir)), { flag: "wx" });
  return file;
}
