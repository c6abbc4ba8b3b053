/**
 * One process hammering one FSM key, for the multi-process tests and the throughput
 * script. Started by `startFsmWorker` (fsm-processes.ts); prints "ready", waits for "go"
 * on stdin, runs `count` updateData calls with `concurrency` in flight, each writing its
 * own field, and prints one JSON line { ok, failed, errors, ms }.
 */
import "reflect-metadata";
import { createInterface } from "node:readline";
import { DataSource, type DataSourceOptions } from "typeorm";
import { fsmStorage, type FsmSerializer } from "../../src";

export interface FsmWorkerJob {
  readonly options: DataSourceOptions;
  readonly key: { botId: string; chatId: string; userId: string };
  readonly prefix: string;
  readonly count: number;
  readonly concurrency: number;
  /** Use a custom serializer (plain JSON), which takes updateData's compare-and-swap path. */
  readonly swap?: boolean;
}

const PLAIN_JSON: FsmSerializer = { stringify: (data) => JSON.stringify(data), parse: (text) => JSON.parse(text) };

async function main(): Promise<void> {
  const job = JSON.parse(process.env.FSM_WORKER_JOB ?? "") as FsmWorkerJob;
  const fsm = fsmStorage({ serializer: job.swap ? PLAIN_JSON : undefined });
  const dataSource = await new DataSource({ ...job.options, entities: [...fsm.plugin.entities] } as DataSourceOptions).initialize();
  const storage = fsm.storage(dataSource);
  const lines = createInterface({ input: process.stdin });
  process.stdout.write("ready\n");
  await new Promise<void>((go) => lines.once("line", () => go()));
  const started = Date.now();
  const errors: string[] = [];
  let next = 0;
  let ok = 0;
  const lane = async () => {
    while (next < job.count) {
      const i = next++;
      try {
        await storage.updateData(job.key, { [`${job.prefix}${i}`]: i });
        ok++;
      } catch (error) {
        errors.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  const ms = Date.now() - started;
  await storage.close();
  await dataSource.destroy();
  lines.close();
  process.stdout.write(`${JSON.stringify({ ok, failed: errors.length, errors: errors.slice(0, 3), ms })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
