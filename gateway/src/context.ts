import type { Viewer } from '@kita/core';

/** Per-request gateway context: the verified viewer and what travels on to the subgraphs (see subgraph-headers.ts). */
export interface GatewayContext {
  viewer: Viewer;
  authorization?: string;
  /** The request's id (`x-request-id`): echoed to the client, sent to every subgraph, on every log line. */
  requestId: string;
  acceptLanguage?: string;
}
