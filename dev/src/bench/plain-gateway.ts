// The baseline: a plain @apollo/server + @apollo/gateway on the committed supergraph, its
// subgraph URLs pointed at one municipality's instances, with no tenancy layer. Same HTTP
// layer (`serveGraphQL`) as our gateway, so the difference is the tenancy layer alone.
//   node dev/dist/bench/plain-gateway.js '{"urls":{...},"fetcher":"default"|"fetch"}'
import { readFile } from 'node:fs/promises';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { Fetcher } from '@apollo/utils.fetcher';
import { supergraphPath } from '@kita/schema';
import { type HttpEndpoint, serveGraphQL } from '@kita/shared';
import type { Failed, GatewayReady, PlainGatewayPlan, Stop } from './protocol.js';
import { withSubgraphUrls } from './supergraph-urls.js';

// Read when the gateway is constructed: no usage reporting from a benchmark either.
process.env.APOLLO_TELEMETRY_DISABLED = '1';

const plan = JSON.parse(process.argv[2] ?? '{}') as PlainGatewayPlan;
let endpoint: HttpEndpoint | undefined;
const stop = () => void (endpoint?.close() ?? Promise.resolve()).finally(() => process.exit(0));
process.on('message', (message: Stop) => message.type === 'stop' && stop());
process.on('disconnect', stop);
process.on('SIGTERM', stop);
// Ctrl-C reaches the whole process group; the orchestrator stops this process in turn.
process.on('SIGINT', () => {});

try {
  const fetcher = plan.fetcher === 'fetch' ? (globalThis.fetch as unknown as Fetcher) : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: withSubgraphUrls(await readFile(supergraphPath, 'utf8'), plan.urls),
    // Without a fetcher, exactly what @apollo/gateway does when given no buildService.
    ...(fetcher ? { buildService: ({ url }) => new RemoteGraphQLDataSource({ url, fetcher }) } : {}),
  });
  const apollo = new ApolloServer({ gateway, introspection: false, stopOnTerminationSignals: false });
  await apollo.start();
  endpoint = await serveGraphQL({ apollo, port: 0, context: async () => ({}) });
  process.send?.({ type: 'ready', url: endpoint.url } satisfies GatewayReady);
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Failed);
  process.exit(1);
}
