import autocannon from 'autocannon';
import type { LoadPlan, LoadResult, Run, Stop } from './protocol.js';

// Child process of the benchmark: the load generator, apart from the gateways it measures.
// One process for the whole benchmark; the orchestrator sends it one `run` at a time and reads
// the gateway's CPU time just before sending and just after the result arrives.

async function run(plan: LoadPlan): Promise<LoadResult> {
  const result = await autocannon({
    url: plan.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: plan.body,
    connections: plan.connections,
    ...(plan.rate ? { overallRate: plan.rate } : {}),
    duration: plan.seconds,
    timeout: 30,
    // GraphQL reports failures inside a 200 answer.
    verifyBody: (body) => !body.includes('"errors"'),
  });
  return {
    type: 'result',
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, mean: result.latency.mean, max: result.latency.max },
    graphqlErrors: result.mismatches,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
  };
}

process.on('message', (message: Run | Stop) => {
  if (message.type === 'stop') process.exit(0);
  else if (message.type === 'run') {
    run(message.plan).then(
      (result) => process.send?.(result),
      (error: Error) => process.send?.({ type: 'failed', message: error.message }),
    );
  }
});
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group; the orchestrator stops this process in turn.
process.on('SIGINT', () => {});
process.send?.({ type: 'ready' });
