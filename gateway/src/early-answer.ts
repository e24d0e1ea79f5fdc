import type { IncomingMessage } from 'node:http';

// What an answer given before Apollo Server runs (the response cache's hits, prepared operations)
// must agree on with Apollo Server: which requests it would let through, and the media type it
// would answer with.

const jsonMediaType = 'application/json; charset=utf-8';
const graphqlResponseMediaType = 'application/graphql-response+json; charset=utf-8';

/**
 * The media type Apollo Server chooses for an answer by the request's `Accept`, for the values
 * clients send (none, `*\/*`, Apollo Client's); undefined for any other, which the pipeline negotiates.
 */
export function mediaTypeFor(accept: string | undefined): string | undefined {
  switch (accept?.replace(/\s+/g, '').toLowerCase()) {
    case undefined:
    case '':
    case '*/*':
    case 'application/json':
      return jsonMediaType;
    case 'application/graphql-response+json':
    case 'application/graphql-response+json,application/json;q=0.9':
      return graphqlResponseMediaType;
    default:
      return undefined;
  }
}

/**
 * Whether Apollo Server's CSRF prevention and its GET rules would let the request through: a JSON
 * content type, or a GET without one but with a preflight header. Anything else is left to it.
 */
export function passesApolloChecks(request: IncomingMessage): boolean {
  const contentType = request.headers['content-type'];
  if (contentType !== undefined) return /^application\/json\s*(;|$)/i.test(contentType);
  if (request.method !== 'GET') return false;
  return !!request.headers['apollo-require-preflight'] || !!request.headers['x-apollo-operation-name'];
}
