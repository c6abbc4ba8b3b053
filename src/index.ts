import "reflect-metadata";

export { defineConfig } from "./config/define-config";
export { definePlugin } from "./config/define-plugin";
export { loadConfig } from "./config/load-config";
export { resolveConfig } from "./config/resolve-config";
export { assertSafeTableName, quoteIdentifier } from "./config/identifier";
export { redact, describeDatabase } from "./config/redact";
export type { StrataConfig, StrataConfigInput, PluginDefinition, TransactionMode } from "./config/types";
export * from "./errors";
export type { Revision, LoadedRevision } from "./graph/revision";
export { migrate, type MigrateOptions } from "./migrate";
export type { MigrationEvent, EventSink } from "./runtime/events";
export type { StepResult } from "./runtime/run-steps";
export { fsmStorage, FsmStorage, type FsmKey, type FsmData, type FsmStorageOptions, type FsmStoragePlugin } from "./plugins/fsm/fsm-storage";
