import { injectTraceContext, requestIdHeader, serviceAuthorizationHeader } from '@kita/core';
import type { GatewayContext } from './context.js';

/** What of the client's request travels on to the subgraphs. */
export interface ForwardedRequest {
  /** The person's bearer token: every subgraph verifies the viewer again. */
  authorization?: string;
  requestId?: string;
  /** The client's language preference, for messages a subgraph words itself. */
  acceptLanguage?: string;
}

export const forwardedFrom = (context: Partial<GatewayContext> | undefined): ForwardedRequest => ({
  authorization: context?.authorization,
  requestId: context?.requestId,
  acceptLanguage: context?.acceptLanguage,
});

/**
 * The one header policy of every request the gateway sends to a subgraph, per-municipality
 * instance (InstanceClient) or plain (SubgraphDataSource): the person's token, the gateway's
 * service token when the callee is a municipality's instance, the request id, the client's
 * `accept-language`, and the trace context. Transport headers (content type) are each path's own;
 * nothing else of the client's request (cookies, its other headers) goes on.
 */
export function subgraphRequestHeaders(forwarded: ForwardedRequest, serviceToken?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (forwarded.authorization) headers.authorization = forwarded.authorization;
  if (serviceToken) headers[serviceAuthorizationHeader] = `Bearer ${serviceToken}`;
  if (forwarded.requestId) headers[requestIdHeader] = forwarded.requestId;
  if (forwarded.acceptLanguage) headers['accept-language'] = forwarded.acceptLanguage;
  injectTraceContext(headers);
  return headers;
}
