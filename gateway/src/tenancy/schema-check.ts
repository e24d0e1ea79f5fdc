import { serviceAuthorizationHeader } from '@kita/core';
import { buildSchema, findBreakingChanges } from 'graphql';

export type SchemaCheck = { state: 'ok' } | { state: 'incompatible'; reason: string } | { state: 'unreachable'; reason: string };

/**
 * Whether an instance can serve what the supergraph plans against it: its SDL may add to the
 * committed one but must not break it (removed or changed types, fields or arguments).
 */
export function compareSdl(committed: string, served: string): SchemaCheck {
  if (committed === served) return { state: 'ok' };
  try {
    // Directive definitions (`@listSize`, `@perMunicipality`, …) and the federation spec's own types (`federation__…`, `link__…`,
    // which a newer federation version adds) describe the schema to composition and the gateway; they change nothing the gateway
    // sends, so an instance from before them still serves what is planned.
    const breaking = findBreakingChanges(buildSchema(committed, { assumeValidSDL: true }), buildSchema(served, { assumeValidSDL: true })).filter(
      (change) => !change.type.startsWith('DIRECTIVE_') && !/^(federation|link)__/.test(change.description),
    );
    return breaking.length
      ? {
          state: 'incompatible',
          reason: breaking
            .slice(0, 3)
            .map((change) => change.description)
            .join('; '),
        }
      : { state: 'ok' };
  } catch {
    return { state: 'incompatible', reason: 'the served SDL cannot be read' };
  }
}

/** Asks an instance for `_service { sdl }` and compares it with the committed SDL. */
export async function checkInstanceSchema(url: string, committed: string, timeoutMs: number, serviceToken?: string): Promise<SchemaCheck> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      // `_service` answers the gateway's service identity only.
      headers: { 'content-type': 'application/json', ...(serviceToken ? { [serviceAuthorizationHeader]: `Bearer ${serviceToken}` } : {}) },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
    const sdl = body.data?._service?.sdl;
    if (typeof sdl !== 'string') return { state: 'incompatible', reason: 'no _service { sdl }' };
    return compareSdl(committed, sdl);
  } catch (error) {
    return { state: 'unreachable', reason: (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed' };
  }
}
