import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors.js';
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
  'QUERY_TOO_COMPLEX',
  'DOWNSTREAM_SERVICE_ERROR',
]);

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
      return { ...formatted, extensions };
    }
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    logger.error('unexpected_error', { path: formatted.path, kind: (original as Error)?.constructor?.name });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.Internal } };
  };
}

/** Sandbox as landing page in development; nothing in production unless asked for. */
export function landingPage<C extends BaseContext>(enabled: boolean): ApolloServerPlugin<C> {
  return enabled ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled();
}
