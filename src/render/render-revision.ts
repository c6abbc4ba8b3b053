import { commentText } from "./comment-text";
import type { Dialect } from "../dialect/dialect";
import { ALL_DIALECTS } from "../dialect/dialect-for";
import { destructiveReason } from "../operations/destructive";
import { downgradeOf } from "../operations/downgrade-of";
import { touchesGeneratedColumn } from "../operations/generated-columns";
import { dispatch, type Operation } from "../operations/operation";
import { subjectOf } from "../operations/subject";
import { type BatchedChange, type Imports, imported, inBatch, RENDER } from "./render-operation";
import { renderImports, renderModule, type RevisionHeader, type Spelling, spell } from "./revision-header";

export interface RenderRevisionInput extends RevisionHeader {
  /** The upgrade; the downgrade is derived (every operation inverted, in reverse order). */
  readonly ops: readonly Operation[];
}

const INDENT = "    ";

/** An operation in a batch, and its line there. */
interface BatchLine {
  readonly op: Operation;
  readonly change: BatchedChange;
}

/** What one statement renders: an operation alone, or consecutive changes to one table as one alterTable batch. */
type Unit = { readonly alone: Operation } | { readonly table: string; readonly batch: readonly BatchLine[] };

/** The changes to one table that follow one another from `start` (none when that operation cannot be in a batch). */
function runFrom(ops: readonly Operation[], start: number): BatchLine[] {
  const run: BatchLine[] = [];
  for (const op of ops.slice(start)) {
    const change = inBatch(op);
    if (change === undefined || (run.length > 0 && change.table !== run[0]!.change.table)) break;
    run.push({ op, change });
  }
  return run;
}

/** Whether some database strata runs on rebuilds the operation's table (SQLite does, for many). */
const rebuildsSomewhere = (op: Operation) => ALL_DIALECTS.some((dialect) => dialect.rebuildsTable(op));

/**
 * Each run of consecutive changes to one table (the diff keeps a table's changes
 * together) becomes one batch when at least two of them would rebuild the table on
 * some database (SQLite), which then rebuilds it once; everything else stays a
 * statement of its own.
 */
function units(ops: readonly Operation[]): Unit[] {
  const found: Unit[] = [];
  for (let start = 0; start < ops.length; ) {
    const run = runFrom(ops, start);
    const rebuilds = run.filter(({ op }) => rebuildsSomewhere(op)).length;
    if (rebuilds >= 2) found.push({ table: run[0]!.change.table, batch: run });
    else found.push(...(run.length > 0 ? run.map(({ op }) => ({ alone: op })) : [{ alone: ops[start]! }]));
    start += Math.max(run.length, 1);
  }
  return found;
}

/** Notes on the operations of a body that the operation itself cannot say (a column re-added without its values). */
type Notes = ReadonlyMap<Operation, string>;

/** `// DESTRUCTIVE: …` above an operation that can lose data, and its note. */
const lossNote = (op: Operation, indent: string, notes: Notes) => {
  const loss = destructiveReason(op);
  const note = notes.get(op);
  return [
    ...(loss ? [`${indent}// DESTRUCTIVE: ${commentText(loss)}`] : []),
    ...(note ? [`${indent}// ${commentText(note)}`] : []),
  ];
};

function renderUnit(unit: Unit, imports: Imports, notes: Notes): string[] {
  if ("alone" in unit) return [...lossNote(unit.alone, INDENT, notes), INDENT + dispatch(RENDER, unit.alone)(imports, INDENT)];
  const inner = INDENT + "  ";
  return [
    `${INDENT}await ${imported(imports, "strata", "alterTable", "call")}(queryRunner, ${JSON.stringify(unit.table)}, (t) => {`,
    ...unit.batch.flatMap(({ op, change }) => [...lossNote(op, inner, notes), inner + change.render(imports, inner)]),
    `${INDENT}});`,
  ];
}

/** A body: the statements grouped by the table or enum they change, each loss marked. */
function renderBody(ops: readonly Operation[], imports: Imports, notes: Notes = new Map()): string {
  if (ops.length === 0) return `${INDENT}// No schema changes.`;
  const lines: string[] = ops.some(touchesGeneratedColumn)
    ? [
        `${INDENT}// TypeORM records generated columns' expressions in its typeorm_metadata table.`,
        `${INDENT}await ${imported(imports, "strata", "ensureTypeormMetadataTable", "call")}(queryRunner);`,
        "",
      ]
    : [];
  let subject = "";
  for (const unit of units(ops)) {
    const { type, name } = subjectOf("alone" in unit ? unit.alone : unit.batch[0]!.op);
    if (`${type} ${name}` !== subject) {
      if (subject) lines.push("");
      subject = `${type} ${name}`;
      lines.push(`${INDENT}// ${commentText(subject)}`);
    }
    lines.push(...renderUnit(unit, imports, notes));
  }
  return lines.join("\n");
}

/** The tables `ops` rebuild on `dialect`, sorted. */
function rebuiltTables(dialect: Dialect, ops: readonly Operation[]): string[] {
  return [...new Set(ops.filter((op) => dialect.rebuildsTable(op)).map((op) => subjectOf(op).name))].sort();
}

/** Says which tables each database rebuilds (SQLite), since that is where foreign keys must be off. */
function rebuildNote(up: readonly Operation[], down: readonly Operation[]): string {
  const list = (tables: string[]) => (tables.length > 0 ? commentText(tables.join(", ")) : "nothing");
  return ALL_DIALECTS
    .map((dialect) => {
      const [upTables, downTables] = [rebuiltTables(dialect, up), rebuiltTables(dialect, down)];
      if (upTables.length === 0 && downTables.length === 0) return "";
      return (
        `// On ${dialect.title}, up() rebuilds ${list(upTables)} and down() rebuilds ${list(downTables)}: the rows are\n` +
        `// copied with foreign keys off, which strata switches before the revision's transaction.\n`
      );
    })
    .join("");
}

/** An autogenerated revision file, and what tsc compiles it to. */
export interface RenderedRevision {
  /** The TypeScript file, runnable on SQLite and PostgreSQL alike. */
  readonly text: string;
  /** tsc's output for `text` as a CommonJS or an ES module, token for token (so with the same checksum) and line for line. */
  javascript(format: "commonjs" | "module"): string;
}

export function renderRevision(input: RenderRevisionInput): RenderedRevision {
  const imports: Imports = { typeorm: new Set(), strata: new Set() };
  const { ops: down, notes } = downgradeOf(input.ops);
  const upBody = renderBody(input.ops, imports);
  const downBody = renderBody(down, imports, notes);
  const note = rebuildNote(input.ops, down);
  const file = (spelling: Spelling) =>
    [
      renderImports(input, imports.typeorm, imports.strata, spelling),
      "",
      note + renderModule(input, spell(upBody, spelling), spell(downBody, spelling), spelling),
    ].join("\n");
  return { text: file("typescript"), javascript: file };
}
