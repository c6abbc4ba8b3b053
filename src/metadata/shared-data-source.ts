import type { DataSource } from "typeorm";
import type { StrataConfig } from "../config/types";
import { dialectFor } from "../dialect/dialect-for";
import { typeorm } from "../loading/typeorm-module";
import { sharedOptions } from "./shared-options";

/**
 * The shared metadata set: strata's own DataSource, built from the app's options (or
 * the app's DataSource's) with every plugin's entities added. The app's connection is
 * never used, so the app's queries are never part of a revision's transaction (TypeORM's
 * SQLite driver has a single connection), and strata always closes what it opened.
 */
export function sharedDataSource(config: StrataConfig): DataSource {
  const options = sharedOptions(config);
  return new (typeorm().DataSource)(dialectFor({ options }).connectionOptions(options));
}
