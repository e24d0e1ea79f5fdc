import autocannon from 'autocannon';
import type { Go, LoadPlan, LoadResult, Warmed } from './protocol.js';

// Child process of the benchmark: the load generator, apart from the gateway it measures.
// Warm-up, then it reports `warmed` and waits for `go` (the orchestrator reads the gateway's
// CPU time in between), then the measured run.
//   node dev/dist/bench/load.js '<LoadPlan as JSON>'

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
process.on('disconnect', () => process.exit(0));

const run = (seconds: number) =>
  autocannon({
    url: plan.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: plan.body,
    connections: plan.connections,
    duration: seconds,
    timeout: 30,
    // GraphQL reports failures inside a 200 answer.
    verifyBody: (body) => !body.includes('"errors"'),
  });

await run(plan.warmupSeconds);
await new Promise<void>((resolve) => {
  process.once('message', (message: Go) => message.type === 'go' && resolve());
  process.send?.({ type: 'warmed' } satisfies Warmed);
});
const result = await run(plan.seconds);
const report: LoadResult = {
  type: 'result',
  requests: result.requests.total,
  requestsPerSecond: result.requests.total / result.duration,
  latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, mean: result.latency.mean, max: result.latency.max },
  graphqlErrors: result.mismatches,
  non2xx: result.non2xx,
  socketErrors: result.errors,
  timeouts: result.timeouts,
};
process.send?.(report, () => process.exit(0));
