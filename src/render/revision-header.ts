import type { Revision } from "../graph/revision";
/** The fields of a revision file other than its body (SPEC §3); `transaction` is rendered only when false. */
export interface RevisionHeader extends Omit<Revision, "up" | "down"> {
  /** Where strata's API is imported from: "strata", or inside this repository a relative path to src. */
  readonly importFrom: string;
}

/** The import lines; `Revision` is imported as a type, the rest as values. */
export function renderImports(header: RevisionHeader, typeorm: ReadonlySet<string>, strata: ReadonlySet<string>): string {
  const from = JSON.stringify(header.importFrom);
  const lines = typeorm.size > 0 ? [`import { ${[...typeorm].sort().join(", ")} } from "typeorm";`] : [];
  lines.push(
    strata.size > 0
      ? `import { type Revision, ${[...strata].sort().join(", ")} } from ${from};`
      : `import type { Revision } from ${from};`,
  );
  return lines.join("\n");
}

/** A snapshot's replaced ids, one per line: the list grows to hundreds. */
const idColumn = (ids: readonly string[]) => `[\n${ids.map((id) => `    ${JSON.stringify(id)},`).join("\n")}\n  ]`;

/** `export default { … } satisfies Revision;` around the two bodies (already indented). */
export function renderModule(header: RevisionHeader, up: string, down: string): string {
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
    "export default {",
    ...fields.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k}: ${v},`),
    "  async up(queryRunner) {",
    up,
    "  },",
    "  async down(queryRunner) {",
    down,
    "  },",
    "} satisfies Revision;",
    "",
  ].join("\n");
}
