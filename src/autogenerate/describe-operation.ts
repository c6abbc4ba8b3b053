import { destructiveReason, type Operation, subjectOf } from "../operations";

const words = (kind: string) => kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

function detail(op: Operation): string {
  switch (op.kind) {
    case "addColumn":
    case "dropColumn":
      return ` ${op.column.name}`;
    case "alterColumn":
      return ` ${op.from.name}`;
    case "renameColumn":
    case "renameTable":
      return ` ${op.from} -> ${op.to}`;
    case "createIndex":
    case "dropIndex":
      return ` ${op.index.name}`;
    case "addForeignKey":
    case "dropForeignKey":
      return ` ${op.foreignKey.name} -> ${op.foreignKey.referencedTable}`;
    default:
      return "";
  }
}

/** One line for the terminal: `add column users.email`, with the loss named when destructive. */
export function describeOperation(op: Operation): string {
  const subject = subjectOf(op);
  const loss = destructiveReason(op);
  return `${words(op.kind)} on ${subject.type} ${subject.name}${detail(op)}${loss ? ` (DESTRUCTIVE: ${loss})` : ""}`;
}
