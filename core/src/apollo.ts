import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ErrorCode } from '@kita/schema';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './log.js';

/** Codes that are safe to show as they are: ours and graphql-js/Apollo request errors. */
const exposedCodes = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'DOWNSTREAM_SERVICE_ERROR',
]);

/** Where graphql-js puts the rejected value into a message, and what stays of it. */
const valueEchoes: Array<[RegExp, string]> = [
  // Int cannot represent non-integer value: "viel" / String cannot represent a non string value: {…}
  [/ cannot represent ([^:]*?value): [\s\S]*$/, ' cannot represent $1.'],
  // Value "X" does not exist in "E" enum.
  [/^Value [\s\S]* does not exist in "(\w+)" enum\.([\s\S]*)$/, 'The value does not exist in "$1" enum.$2'],
  // Expected value of type "T", found <literal>; <reason>  (literals in the query text)
  [/^(Expected value of type "[^"]+"), found [\s\S]*?(?:; ([\s\S]*))?$/, '$1; $2'],
];

/**
 * An error message without the values a client sent: graphql-js quotes a rejected variable
 * whole (`Variable "$input" got invalid value { child: { firstName: … } } at "input.x"; …`),
 * which would put a child's and guardians' data into answers and wherever answers are
 * logged. What was wrong and where stays; the value goes.
 */
export function withoutInputValues(message: string): string {
  const variable = /^Variable "(\$\w+)" got invalid value /.exec(message);
  if (variable) {
    // The path is `at "input.guardians[0]"`: identifiers, dots and brackets, never a quote, so a
    // quoted user string (its quotes escaped) cannot end the value early.
    const atPath = / at "([\w.[\]]+)"; ([\s\S]*)$/.exec(message);
    const reason = atPath?.[2] ?? /; ((?:Field|Expected|\w+ cannot represent|Value )[\s\S]*)$/.exec(message)?.[1];
    const where = atPath ? ` at "${atPath[1]}"` : '';
    return `Variable "${variable[1]}" got an invalid value${where}${reason ? `; ${withoutInputValues(reason)}` : '.'}`;
  }
  let result = message;
  for (const [pattern, replacement] of valueEchoes) result = result.replace(pattern, replacement);
  return result.replace(/; $/, '.');
}

/**
 * Lets expected errors through and replaces everything else with a generic message, so no
 * stack trace, SQL or personal data reaches a client. The log line names only the path.
 */
export function maskUnexpectedErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && exposedCodes.has(code) && code !== ErrorCode.Internal) {
      // A downstream response body (gateway) can hold anything, personal data included.
      const { stacktrace: _stacktrace, response: _response, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message: withoutInputValues(formatted.message), extensions };
    }
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    logger.error('unexpected_error', { path: formatted.path, kind: (original as Error)?.constructor?.name });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.Internal } };
  };
}

/**
 * `Cache-Control: no-store` on every answer: what Apollo Server's cache-control plugin sends for a
 * schema without `@cacheControl` hints, as every subgraph's is. Subgraphs turn that plugin off
 * (`ApolloServerPluginCacheControlDisabled`) because it wraps every field resolver to compute a
 * policy that, without hints, always comes out uncacheable: a share of each request's CPU for nothing.
 */
export function uncacheable<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** Sandbox as landing page in development; nothing in production unless asked for. */
export function landingPage<C extends BaseContext>(enabled: boolean): ApolloServerPlugin<C> {
  return enabled ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled();
}
