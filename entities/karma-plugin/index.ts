import { join } from "node:path";
// A published plugin imports these from "strata"; inside strata's repository the
// example imports strata's sources, as the example app does.
import { definePlugin } from "../../src";
import { KarmaPoints } from "./karma-points";

export { KarmaPoints } from "./karma-points";
export { giveKarma, type KarmaGift } from "./give-karma";

/**
 * The karma plugin: branch `karma`, tables `karma_*`, revisions shipped in this package
 * (`migrations/`, found from this file wherever the package is installed).
 */
export const karma = definePlugin({
  name: "karma",
  entities: [KarmaPoints],
  tablePrefix: "karma_",
  migrationsDir: join(__dirname, "migrations"),
});
