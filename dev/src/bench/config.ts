import os from 'node:os';
import { envSchemas, isMunicipalityKey, parseConfig } from '@kita/shared';
import { z } from 'zod';
import { municipalities } from '../demo-data.js';

const seconds = (fallback: number) => z.coerce.number().min(1).max(600).default(fallback);

const benchEnvSchema = z.object({
  /** An external server (its `bench_*` databases are created and seeded once, then reused). */
  DATABASE_URL: envSchemas.postgresUrl.optional(),
  /** Measured seconds per scenario, after the warm-up. */
  BENCH_SECONDS: seconds(10),
  BENCH_WARMUP_SECONDS: seconds(3),
  /** Concurrent connections of the load generator for (a)-(c). */
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(10),
  /** Concurrent connections for (d): a latency comparison, not a throughput test. */
  BENCH_DELAY_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(1),
  BENCH_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(20),
  /** The interleaved comparison of a, a' and b: rounds, seconds per turn, fixed request rate. */
  BENCH_PAIRED_ROUNDS: z.coerce.number().int().min(1).max(100).default(6),
  BENCH_PAIRED_SECONDS: seconds(3),
  BENCH_PAIRED_RATE: z.coerce.number().int().min(1).max(10_000).default(50),
  /**
   * Processes the 63 instances run in, the municipalities dealt out in turn. By default one per
   * core: 21 (one per municipality, as deployed) would make this machine run 21 separate heaps
   * and JIT compilers for work that deployed has a machine per municipality.
   */
  BENCH_INSTANCE_PROCESSES: z.coerce.number().int().min(1).max(21).default(Math.min(21, os.availableParallelism())),
  /** Before the first row, the fan-out over 21 runs this long so that every instance process is warm. */
  BENCH_INSTANCE_WARMUP_SECONDS: z.coerce.number().min(0).max(600).default(15),
  /** The municipality of the single-instance rows. */
  BENCH_MUNICIPALITY: z
    .string()
    .default('03355022')
    .refine((key) => isMunicipalityKey(key) && municipalities.some((known) => known.key === key), 'must be a key of the demo data'),
  /** Only these rows (comma-separated ids, e.g. `a,hr,b`): for profiles and quick comparisons; the report is not written. */
  BENCH_ROWS: z
    .string()
    .optional()
    .transform((value) => value?.split(',').map((id) => id.trim())),
  /** Where the profile pass writes one V8 CPU profile (`--cpu-prof`) of each row's gateway (relative to the repository root; not committed). */
  BENCH_PROFILE_DIR: z.string().default('dev/bench-output/profiles'),
  /** Seconds of each row's load in the profile pass, after every measurement; 0: no profiles. */
  BENCH_PROFILE_SECONDS: z.coerce.number().min(0).max(600).default(3),
  /** Where the results are written (relative to the repository root). */
  BENCH_REPORT: z.string().default('docs/benchmarks.md'),
});

export type BenchEnv = z.infer<typeof benchEnvSchema>;

/** The benchmark's configuration, parsed once. */
export function loadBenchEnv(env: Record<string, string | undefined> = process.env): BenchEnv {
  return parseConfig('npm run bench', benchEnvSchema, env);
}
