import { renderImports, renderModule, type RevisionHeader } from "./revision-header";

/** The text of a hand-written revision (`revision -m` without --autogenerate). */
export function renderTemplate(header: RevisionHeader): string {
  return [
    renderImports(header, new Set(), new Set()),
    "",
    renderModule(
      header,
      "    // TODO: write the upgrade with queryRunner's schema API (one file for SQLite and PostgreSQL);\n" +
        "    // a step with no portable form goes in forDialect(queryRunner, { postgres, sqlite }).",
      "    // TODO: write the downgrade, undoing what up() does.",
    ),
  ].join("\n");
}
