/**
 * updateData throughput, one key, on each dialect: `node -e "require('./src/loading/typescript-hook').registerTypeScript(); require('./test/plugins/fsm-bench.ts')"`.
 * FSM_BENCH="processes,callsEach,inFlightEach" (default 1,400,10 then 4,100,10);
 * FSM_BENCH_SWAP=1 measures the compare-and-swap path (a custom serializer).
 * Prints ops/s and any field that did not land; asserts nothing.
 */
import "reflect-metadata";
import { defineConfig, fsmStorage, migrate } from "../../src";
import { createTestDatabase, DIALECTS } from "../support/dialects";
import { REPO_ROOT } from "../support/project";
import { startFsmWorker } from "./fsm-processes";
import { join } from "node:path";
import { DataSource } from "typeorm";

/** Calls this process makes itself, all at once, while the workers run (FSM_BENCH_HERE). */
const HERE = Number(process.env.FSM_BENCH_HERE ?? 0);
const SHAPES = (process.env.FSM_BENCH ?? "1,400,10;4,100,10").split(";").map((s) => s.split(",").map(Number) as [number, number, number]);

async function measure(dialect: (typeof DIALECTS)[number], [processes, each, inFlight]: [number, number, number]): Promise<void> {
  const db = await createTestDatabase(dialect, "fsm bench");
  try {
    const fsm = fsmStorage();
    await migrate(defineConfig({ dataSource: db.options, migrationsDir: join(REPO_ROOT, "migrations"), plugins: [fsm.plugin] }));
    const key = { botId: "1", chatId: "2", userId: "3" };
    const swap = Boolean(process.env.FSM_BENCH_SWAP);
    const workers = await Promise.all(
      Array.from({ length: processes }, (_, p) => startFsmWorker({ options: db.options, key, prefix: `p${p}_`, count: each, concurrency: inFlight, swap })),
    );
    const dataSource = await new DataSource({ ...db.options, entities: [...fsm.plugin.entities] }).initialize();
    const storage = fsm.storage(dataSource);
    const started = Date.now();
    const running = workers.map((w) => w.go());
    const here = await Promise.allSettled(Array.from({ length: HERE }, (_, i) => storage.updateData(key, { [`here_${i}`]: i })));
    const results = await Promise.all(running);
    const ms = Date.now() - started;
    const data = await storage.getData(key);
    await dataSource.destroy();
    const total = processes * each + HERE;
    const fields = [...Array.from({ length: processes * each }, (_, i) => `p${Math.floor(i / each)}_${i % each}`), ...Array.from({ length: HERE }, (_, i) => `here_${i}`)];
    const missing = fields.filter((f) => !(f in data));
    const failed = results.reduce((n, r) => n + r.failed, 0) + here.filter((r) => r.status === "rejected").length;
    console.log(
      `${dialect.padEnd(8)} ${swap ? "swap " : "merge"} ${processes} proc × ${each} calls (${inFlight} in flight)${HERE ? ` + ${HERE} here` : ""}: ${Math.round((total / ms) * 1000)} ops/s, ${ms} ms, failed ${failed}, missing ${missing.length}${missing.length ? ` (${missing.slice(0, 5).join(", ")})` : ""}${failed ? ` ${results.flatMap((r) => r.errors)[0]}` : ""}`,
    );
  } finally {
    await db.drop();
  }
}

(async () => {
  for (const dialect of DIALECTS) for (const shape of SHAPES) await measure(dialect, shape);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
