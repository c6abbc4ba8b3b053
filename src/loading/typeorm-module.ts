import type * as TypeOrm from "typeorm";
import { indexMetadataArgs } from "../metadata/indexed-metadata-args";

let loaded: typeof TypeOrm | undefined;

/**
 * The app's typeorm (a peer dependency), required on first use: loading it costs a cold
 * process about 0.2 s, which commands that only read the revision graph never need.
 * Every metadata build strata starts goes through it, so its lookups are indexed here.
 */
export function typeorm(): typeof TypeOrm {
  if (loaded === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require("typeorm") as typeof TypeOrm;
    indexMetadataArgs(loaded.getMetadataArgsStorage());
  }
  return loaded;
}
