// A peer: Hive Gateway (@graphql-hive/gateway-runtime, the runtime its CLI serves) on the committed
// supergraph, its subgraph URLs pointed at one municipality's instances like the plain Apollo
// row, with no tenancy layer. Its query planner is the JavaScript one (the default, "stitching"
// runtime) or Hive Router's Rust planner (@graphql-hive/router-runtime, a native addon), and its
// in-flight deduplication of identical subgraph requests is off or on (on is its default).
//   node dev/dist/bench/hive-gateway.js '{"urls":{...},"planner":"js"|"rust","dedupe":true|false}'
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { supergraphPath } from '@kita/schema';
import type { Failed, GatewayReady, HiveGatewayPlan, Stop } from './protocol.js';
import { withSubgraphUrls } from './supergraph-urls.js';

const plan = JSON.parse(process.argv[2] ?? '{}') as HiveGatewayPlan;
const server = createServer();
const stop = () => server.close(() => process.exit(0));
process.on('message', (message: Stop) => message.type === 'stop' && stop());
process.on('disconnect', stop);
process.on('SIGTERM', stop);
// Ctrl-C reaches the whole process group; the orchestrator stops this process in turn.
process.on('SIGINT', () => {});

try {
  const rust = plan.planner === 'rust' ? await import('@graphql-hive/router-runtime') : undefined;
  const gateway = createGatewayRuntime({
    supergraph: withSubgraphUrls(await readFile(supergraphPath, 'utf8'), plan.urls),
    ...(rust ? { unifiedGraphHandler: rust.unifiedGraphHandler } : {}),
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: plan.dedupe } } },
    // As our gateway runs in production: no request logging, no GraphiQL, no landing page.
    logging: false,
    graphiql: false,
    landingPage: false,
    maskedErrors: process.env.HIVE_DEBUG ? false : undefined,
  });
  server.on('request', gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  // Loads and plans the supergraph now rather than in the first measured request.
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  if (!response.ok) throw new Error(`Hive Gateway answered HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`);
  process.send?.({ type: 'ready', url } satisfies GatewayReady);
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Failed);
  process.exit(1);
}
