import type { DialectFsm } from "../dialect-fsm";
import { sqliteFsmConnection } from "./sqlite-fsm-connection";

export const sqliteFsm: DialectFsm = {
  /*
   * json_patch (RFC 7396) would merge nested objects and delete null members, so it only
   * removes the patch's keys (`:removal` maps each of them to null), and the patch's
   * members are appended to the remaining members as text: json_patch returns minified
   * JSON, so that text is "{…}" and the patch is JSON.stringify's "{…}" with keys the
   * remainder no longer has.
   */
  mergedData(table) {
    const rest = `json_patch(${table}.data, :removal)`;
    return `CASE WHEN excluded.data = '{}' THEN ${table}.data WHEN ${rest} = '{}' THEN excluded.data ELSE substr(${rest}, 1, length(${rest}) - 1) || ',' || substr(excluded.data, 2) END`;
  },
  // No RETURNING: TypeORM's sqlite runner sends statements that begin with INSERT through run(), which drops the rows.
  returnsMergedData: false,
  connection: sqliteFsmConnection,
};
