import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { GraphQLFormattedError } from 'graphql';

// Every query keeps the data of the municipalities that answered along with the errors.
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}

/** What a browser app needs to reach the federation. */
export interface KitaClientOptions {
  /** The gateway's GraphQL endpoint, e.g. https://kita.example.de/graphql. */
  gatewayUrl: string;
  /** The signed-in person's access token, or undefined for the public search. */
  accessToken?: () => string | undefined | Promise<string | undefined>;
  /** The language the person reads; sent as Accept-Language. */
  language?: () => string;
}

/** The fan-out connection: one cache entry per search (arguments but the cursor), pages appended in order. */
function connectionByPages() {
  return {
    keyArgs: ['municipalities', 'near', 'orderBy', 'filter'],
    merge(existing: any, incoming: any, { args }: { args: Record<string, any> | null }) {
      if (!existing || !args?.after) return incoming;
      // The page after the last one we hold: appended; a repeated page (same cursor) is not doubled.
      if (existing.pageInfo?.endCursor !== args.after) return existing;
      return { ...incoming, edges: [...existing.edges, ...incoming.edges] };
    },
  };
}

/** The cache of every browser app: entities normalised by `id` (municipalities by `key`). */
export function createKitaCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Municipality: { keyFields: ['key'] },
      Query: { fields: { facilities: connectionByPages() } },
      // Values without identity of their own: stored inside their parent.
      Address: { keyFields: false },
      GeoPoint: { keyFields: false },
      AgeRange: { keyFields: false },
    },
  });
}

/**
 * Every operation is first sent by its hash alone (APQ's `extensions.persistedQuery`): the hash of
 * the persisted-documents manifest, which codegen put on each document (`__meta__.hash`). A gateway
 * that knows the manifest (PERSISTED_DOCUMENTS) runs it without the text; one that does not
 * answers PERSISTED_QUERY_NOT_FOUND, and from then on this client sends the text instead.
 * A query by hash goes by GET (`?operationName&variables&extensions`, with `content-type:
 * application/json`, which makes it a non-simple request: Apollo Server's CSRF prevention lets it
 * through, and a browser on another origin asks a CORS preflight first); the text by POST, and
 * anything with a token or a family's data ({@link privateRequestsByPost}).
 */
function registeredOperations(): ApolloLink {
  return new PersistedQueryLink({
    generateHash: (document) => {
      const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
      if (!hash) throw new Error('An operation that is not in the SDK (no registered hash)');
      return hash.replace(/^sha256:/, '');
    },
    disable: ({ meta }) => meta.persistedQueryNotSupported || meta.persistedQueryNotFound,
    // Queries by GET, so that browsers and CDNs can keep public answers (the gateway's Cache-Control
    // and ETag); mutations and the fallback with the text go by POST.
    useGETForHashedQueries: true,
  });
}

/**
 * Variables that say something about a family: where it lives (`near`: a geocoded address or the
 * phone's position) and when its child was born (`childBirthDate`, `birthDate`).
 */
const personalVariables = new Set(['near', 'childBirthDate', 'birthDate']);

/** Whether `value` holds one of {@link personalVariables} with a value, at any depth. */
function carriesPersonalData(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(carriesPersonalData);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => (personalVariables.has(key) && inner != null) || carriesPersonalData(inner));
}

/**
 * A request with a token, or with a family's data in its variables, goes by POST after all. A
 * token's answer is never kept (the gateway neither caches it nor sends it `public`), so a GET
 * would only cost a CORS preflight per distinct URL, put a signed-in person's variables
 * (pseudonyms, ids) into URLs that proxies log, and make long variable lists (a hundred
 * pseudonyms) run into URL limits. A search near a family's home or for its child's age would put
 * that home and that birth date into the URLs that proxies, CDNs and browser histories keep; by
 * POST the gateway still answers it from its own cache, only browsers and CDNs do not keep it.
 */
const privateRequestsByPost = new ApolloLink((operation, forward) => {
  if (operation.getContext().headers?.authorization || carriesPersonalData(operation.variables))
    operation.setContext(({ fetchOptions = {} }) => ({ fetchOptions: { ...fetchOptions, method: 'POST' } }));
  return forward(operation);
});

/** The one Apollo Client of an app. Partial answers keep their data and errors (errorPolicy all): see {@link partialAnswer}. */
export function createKitaClient(options: KitaClientOptions): ApolloClient {
  const headers = new SetContextLink(async (previous) => {
    const token = await options.accessToken?.();
    return {
      headers: {
        ...previous.headers,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.language ? { 'accept-language': options.language() } : {}),
      },
    };
  });
  return new ApolloClient({
    link: ApolloLink.from([headers, registeredOperations(), privateRequestsByPost, new HttpLink({ uri: options.gatewayUrl })]),
    cache: createKitaCache(),
    defaultOptions: {
      watchQuery: { errorPolicy: 'all', notifyOnNetworkStatusChange: true },
      query: { errorPolicy: 'all' },
    },
  });
}

/** The code of a municipality that did not answer: the rest of the answer stands. */
export const municipalityUnavailable = 'MUNICIPALITY_UNAVAILABLE';

/** Errors as the client hands them over: GraphQL errors of an answer, possibly inside a combined error. */
type ErrorSource = { errors?: readonly GraphQLFormattedError[] } | readonly GraphQLFormattedError[] | null | undefined;

function errorsOf(source: ErrorSource): readonly GraphQLFormattedError[] {
  if (!source) return [];
  if (Array.isArray(source)) return source;
  return (source as { errors?: readonly GraphQLFormattedError[] }).errors ?? [];
}

/**
 * The municipalities missing from an answer: those named by MUNICIPALITY_UNAVAILABLE errors and
 * those the connection lists as missing. Empty when the answer is whole.
 */
export function partialAnswer(error: unknown, listed: readonly (string | null | undefined)[] = []): string[] {
  const missing = new Set<string>();
  for (const graphQLError of errorsOf(error as ErrorSource)) {
    const extensions = graphQLError.extensions ?? {};
    if (extensions.code !== municipalityUnavailable) continue;
    // One error per municipality, or one error listing several.
    if (typeof extensions.municipality === 'string') missing.add(extensions.municipality);
    if (Array.isArray(extensions.municipalities)) for (const key of extensions.municipalities) if (typeof key === 'string') missing.add(key);
  }
  for (const key of listed) if (key) missing.add(key);
  return [...missing].sort();
}

/** The municipalities missing from one root field of the answer (by its alias): what a figure built from it lacks. */
export function partialAnswerAt(error: unknown, field: string): string[] {
  const errors = errorsOf(error as ErrorSource).filter((graphQLError) => graphQLError.path?.[0] === field);
  return partialAnswer(errors);
}

/** Errors other than a missing municipality: these are real failures to show as such. */
export function otherErrors(error: unknown): GraphQLFormattedError[] {
  return errorsOf(error as ErrorSource).filter((graphQLError) => graphQLError.extensions?.code !== municipalityUnavailable);
}

/** The stable code of the first error of a failed mutation or query (e.g. BAD_USER_INPUT). */
export function errorCode(error: unknown): string | undefined {
  const code = errorsOf(error as ErrorSource)[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
