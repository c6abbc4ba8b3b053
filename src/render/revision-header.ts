import type { Revision } from "../graph/revision";
/** The fields of a revision file other than its body (SPEC §3); `transaction` is rendered only when false. */
export interface RevisionHeader extends Omit<Revision, "up" | "down"> {
  /** Where strata's API is imported from: "strata", or inside this repository a relative path to src. */
  readonly importFrom: string;
}

/**
 * How a file is spelt: the TypeScript written to disk, or the JavaScript tsc makes of it
 * (as a CommonJS or an ES module), line for line, which strata renders alongside so that
 * a new file loads, and its checksum is computed, without the compiler.
 */
export type Spelling = "typescript" | "commonjs" | "module";

/** The names tsc's CommonJS output binds each module's `require` to. */
const BINDING = { typeorm: "typeorm_1", strata: "strata_1" } as const;

/**
 * A name imported from `module` where the code uses it (`call`: called, `new`: constructed),
 * marked for `spell`: tsc's CommonJS output writes `(0, strata_1.name)(…)` and `new typeorm_1.Name(…)`.
 * NUL never occurs in rendered code otherwise (JSON.stringify and commentText escape it).
 */
export const importedName = (module: keyof typeof BINDING, name: string, use: "call" | "new") => `\u0000${use}:${module}:${name}\u0000`;
const IMPORTED = /\u0000(call|new):(typeorm|strata):(\w+)\u0000/g;

/** `code` with its imported names spelt as `spelling` writes them. */
export function spell(code: string, spelling: Spelling): string {
  return code.replace(IMPORTED, (_, use: string, module: keyof typeof BINDING, name: string) => {
    if (spelling !== "commonjs") return name;
    return use === "call" ? `(0, ${BINDING[module]}.${name})` : `${BINDING[module]}.${name}`;
  });
}

/** The width of `code` in the TypeScript file, where an imported name is only its name. */
export const typescriptWidth = (code: string) => code.replace(IMPORTED, "$3").length;

/**
 * The import lines: `Revision` is imported as a type, the rest as values. In JavaScript
 * as tsc writes it, on the same lines: a type-only import leaves its line empty.
 */
export function renderImports(header: RevisionHeader, typeorm: ReadonlySet<string>, strata: ReadonlySet<string>, spelling: Spelling = "typescript"): string {
  const from = JSON.stringify(header.importFrom);
  const names = (set: ReadonlySet<string>) => [...set].sort().join(", ");
  const lines: string[] = [];
  if (typeorm.size > 0) {
    lines.push(spelling === "commonjs" ? `const ${BINDING.typeorm} = require("typeorm");` : `import { ${names(typeorm)} } from "typeorm";`);
  }
  if (spelling === "typescript") {
    lines.push(strata.size > 0 ? `import { type Revision, ${names(strata)} } from ${from};` : `import type { Revision } from ${from};`);
  } else if (strata.size === 0) {
    lines.push("");
  } else {
    lines.push(spelling === "commonjs" ? `const ${BINDING.strata} = require(${from});` : `import { ${names(strata)} } from ${from};`);
  }
  if (spelling === "commonjs") lines[0] = `"use strict"; Object.defineProperty(exports, "__esModule", { value: true }); ${lines[0]}`.trimEnd();
  return lines.join("\n");
}

/** A snapshot's replaced ids, one per line: the list grows to hundreds. */
const idColumn = (ids: readonly string[]) => `[\n${ids.map((id) => `    ${JSON.stringify(id)},`).join("\n")}\n  ]`;

/** `export default { … } satisfies Revision;` around the two bodies (already indented and spelt). */
export function renderModule(header: RevisionHeader, up: string, down: string, spelling: Spelling = "typescript"): string {
  const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? JSON.stringify(values) : undefined);
  const fields: [string, string | undefined][] = [
    ["revision", JSON.stringify(header.revision)],
    ["downRevision", JSON.stringify(header.downRevision)],
    ["branchLabels", list(header.branchLabels)],
    ["dependsOn", list(header.dependsOn)],
    ["replaces", header.replaces && header.replaces.length > 0 ? idColumn(header.replaces) : undefined],
    ["message", JSON.stringify(header.message)],
    ["transaction", header.transaction === false ? "false" : undefined],
    ["phase", header.phase === undefined ? undefined : JSON.stringify(header.phase)],
  ];
  return [
    spelling === "commonjs" ? "exports.default = {" : "export default {",
    ...fields.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k}: ${v},`),
    "  async up(queryRunner) {",
    up,
    "  },",
    "  async down(queryRunner) {",
    down,
    "  },",
    spelling === "typescript" ? "} satisfies Revision;" : "};",
    "",
  ].join("\n");
}
