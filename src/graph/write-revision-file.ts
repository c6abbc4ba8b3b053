import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { StrataConfig } from "../config/types";
import { UsageError } from "../errors";

export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}

/** `<revision>_<slug>.ts`: the message, lower case, words joined by `_`. */
function revisionFileName(revision: string, message: string): string {
  const slug = message.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
  return `${revision}_${slug || "revision"}.ts`;
}

/**
 * How a revision file imports strata's types: "strata" for users, a relative path to
 * src/ inside this repository (whose package is strata itself).
 */
function importPathFor(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const manifest = join(at, "package.json");
    if (existsSync(manifest)) {
      if (JSON.parse(readFileSync(manifest, "utf8")).name !== "strata") return "strata";
      const path = relative(dir, join(at, "src")).split(sep).join("/");
      return path.startsWith(".") ? path : `./${path}`;
    }
    if (dirname(at) === at) return "strata";
  }
}

function directoryOf(config: StrataConfig, branch: string): string {
  const entry = config.branchDirectories.find((b) => b.branch === branch);
  if (!entry) {
    const known = config.branchDirectories.map((b) => b.branch).join(", ");
    throw new UsageError(`No branch "${branch}" in the configuration (known: ${known}). Add the plugin to the config first.`);
  }
  return entry.dir;
}

/** Where a new revision file of `branch` goes, and how it imports strata's types from there. */
export function revisionFilePath(config: StrataConfig, branch: string, revision: string, message: string): { file: string; importFrom: string } {
  const dir = directoryOf(config, branch);
  return { file: join(dir, revisionFileName(revision, message)), importFrom: importPathFor(dir) };
}

/**
 * Writes a new revision file into `branch`'s directory and returns its path; `render`
 * gets the import path for strata's types. Never overwrites a file.
 */
export function writeRevisionFile(
  config: StrataConfig,
  branch: string,
  revision: string,
  message: string,
  render: (importFrom: string) => string,
): string {
  const { file, importFrom } = revisionFilePath(config, branch, revision, message);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, render(importFrom), { flag: "wx" });
  return file;
}
