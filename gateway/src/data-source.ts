import { type GraphQLDataSource, type GraphQLDataSourceProcessOptions, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { buildRegistrySchema, type Registry, type RegistryContext } from '@kita/registry';
import { clientError, ErrorCode } from '@kita/schema';
import type { GatewayContext } from './context.js';
import { forwardedFrom, subgraphRequestHeaders } from './subgraph-headers.js';

/** One call from the gateway to a subgraph, reported to observers (tests, metrics). */
export interface SubgraphCall {
  subgraph: string;
  /** Set when the call went to one municipality's instance. */
  municipality?: string;
  url: string;
  query: string;
  variables: Record<string, unknown> | undefined;
}

export type SubgraphCallObserver = (call: SubgraphCall) => void;

/**
 * Sends a query-plan fetch to a subgraph that is not per municipality, with the headers of the
 * gateway's one policy (`subgraphRequestHeaders`: the caller's bearer token, so every subgraph
 * verifies the viewer again, the request id …). Uses Node's built-in fetch (undici, keep-alive).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraph: string,
    url: string,
    private readonly observe?: SubgraphCallObserver,
  ) {
    super({ url, fetcher: globalThis.fetch as unknown as Fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    for (const [name, value] of Object.entries(subgraphRequestHeaders(forwardedFrom(context)))) request.http?.headers.set(name, value);
    this.observe?.({ subgraph: this.subgraph, url: this.url!, query: request.query ?? '', variables: request.variables });
  }

  /**
   * A subgraph that did not answer at all (refused, reset, unreachable) is SUBGRAPH_UNAVAILABLE
   * for the client, not an internal error; what it answered, an HTTP error included, stays as it was.
   */
  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    if (response) throw error;
    throw clientError(ErrorCode.SubgraphUnavailable, `The ${this.subgraph} subgraph did not answer.`, { subgraph: this.subgraph });
  }
}

/**
 * The registry subgraph, which the gateway hosts: run in process (no loopback HTTP server),
 * with the current registry as its context. Calls are reported like any other subgraph's.
 */
export class RegistryDataSource implements GraphQLDataSource<GatewayContext> {
  private constructor(
    private readonly local: LocalGraphQLDataSource<RegistryContext>,
    private readonly registry: () => Registry,
    private readonly observe?: SubgraphCallObserver,
  ) {}

  static async create(registry: () => Registry, observe?: SubgraphCallObserver): Promise<RegistryDataSource> {
    return new RegistryDataSource(new LocalGraphQLDataSource((await buildRegistrySchema()).schema), registry, observe);
  }

  process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { request } = options;
    this.observe?.({ subgraph: 'registry', url: 'in-process', query: request.query ?? '', variables: request.variables });
    return this.local.process({ ...options, context: { registry: this.registry } } as unknown as GraphQLDataSourceProcessOptions<RegistryContext>);
  }
}
