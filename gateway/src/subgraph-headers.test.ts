import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { anonymousViewer } from '@kita/core';
import { describe, expect, it } from 'vitest';
import { SubgraphDataSource } from './data-source.js';
import { forwardedFrom, subgraphRequestHeaders } from './subgraph-headers.js';

const context = { viewer: anonymousViewer, authorization: 'Bearer person-token', requestId: 'req-0001-abcd', acceptLanguage: 'de-DE' };

describe('the header policy of subgraph requests', () => {
  it("carries the person's token, the gateway's service token, the request id and the language", () => {
    expect(subgraphRequestHeaders(forwardedFrom(context), 'service-token')).toEqual({
      authorization: 'Bearer person-token',
      'x-service-authorization': 'Bearer service-token',
      'x-request-id': 'req-0001-abcd',
      'accept-language': 'de-DE',
    });
  });

  it('leaves out what the request does not have', () => {
    expect(subgraphRequestHeaders(forwardedFrom({ viewer: anonymousViewer, requestId: 'req-0002-abcd' }))).toEqual({ 'x-request-id': 'req-0002-abcd' });
  });

  it('is what the plain data source sends to a subgraph that is not per municipality', () => {
    const source = new SubgraphDataSource('registry', 'http://127.0.0.1:1/graphql');
    const request = { query: '{ municipalities { key } }', http: { method: 'POST' as const, url: 'http://127.0.0.1:1/graphql', headers: new Headers() } };

    source.willSendRequest({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request, context } as never);

    expect(Object.fromEntries(request.http.headers)).toEqual({
      authorization: 'Bearer person-token',
      'x-request-id': 'req-0001-abcd',
      'accept-language': 'de-DE',
    });
  });
});
