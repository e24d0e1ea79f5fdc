import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
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
}
