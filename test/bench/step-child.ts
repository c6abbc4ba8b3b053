/**
 * One measured step in a process of its own, so that its peak RSS (and, under
 * `node --cpu-prof`, its profile) is the step's alone. Run by `runStep`; prints one JSON line.
 */
import { check, generateRevisions, migrate } from "../../src";
import { benchSchema } from "./bench-schema";
import { timed } from "./measure";
import type { StepSpec } from "./run-step";
import { strataConfig } from "./strata-project";
import { openTypeorm, typeormApply, typeormDiff } from "./typeorm-side";

const WORK: Record<StepSpec["step"], (spec: StepSpec) => Promise<unknown>> = {
  // Loads the modules only: fills the compile cache, so that no measured step pays for TypeScript on strata's own sources.
  load: async () => undefined,
  "strata generate": (spec) => generateRevisions(strataConfig(spec), { message: "bench" }),
  "strata migrate": (spec) => migrate(strataConfig(spec)),
  "strata check": (spec) => check(strataConfig(spec)),
  "typeorm diff + apply": async (spec) => {
    const { dataSource } = await openTypeorm(spec.db, benchSchema(spec.n, spec.mutated).all);
    try {
      await typeormApply(dataSource, await typeormDiff(dataSource));
    } finally {
      await dataSource.destroy();
    }
  },
};

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[process.argv.length - 1]) as StepSpec;
  const { ms } = await timed(() => WORK[spec.step](spec));
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
