import type { Dialect } from "../dialect";
import { scriptOf } from "../script-of";

/** pg sends a query without parameters by the simple protocol, which runs every statement in it. */
export const runPostgresScript: Dialect["runScript"] = async (queryRunner, statements) => {
  await queryRunner.query(scriptOf(statements));
};
