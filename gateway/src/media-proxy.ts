import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { type Logger, type RouteHandler, sendJson } from '@kita/core';
import { ErrorCode, isMunicipalityKey } from '@kita/schema';
import type { Tenancy } from './tenancy/tenancy.js';

/** The gateway path of photos and attachments: `/media/<municipality>/<uuid>`. */
export const mediaPathPrefix = '/media/';

/** Headers of the facility instance's answer that reach the client; nothing else does. */
const passedHeaders = ['content-type', 'content-length', 'cache-control', 'etag', 'x-content-type-options', 'content-disposition', 'allow'];

// Local IDs are UUID v7; anything else cannot name a file and is not sent on.
const localIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export interface MediaProxyOptions {
  tenancy: Tenancy;
  /** Until the instance's answer starts (the per-municipality timeout of GraphQL calls). */
  timeoutMs: number;
  /** Until the whole file has been passed on; a stalled transfer is cut after this. */
  transferTimeoutMs?: number;
  logger: Logger;
}

const fail = (response: ServerResponse, status: number, message: string, extensions: Record<string, unknown>) =>
  sendJson(response, status, { errors: [{ message, extensions }] });

/**
 * Serves `/media/<municipality>/<uuid>` from that municipality's facility instance, found in
 * the current registry (so a reload moves it), streaming the body through. The instance
 * decides what is visible and sets the caching headers; an Authorization header is passed on
 * so that providers and the office can preview the files of unpublished profiles. Logs name
 * the municipality and the failure, never a file.
 */
export function mediaProxy({ tenancy, timeoutMs, transferTimeoutMs = 60_000, logger }: MediaProxyOptions): RouteHandler {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return fail(response, 405, 'Files are read with GET.', { code: 'METHOD_NOT_ALLOWED' });
    }
    const [municipality, localId, ...rest] = new URL(request.url ?? '/', 'http://localhost').pathname.slice(mediaPathPrefix.length).split('/');
    const entry = isMunicipalityKey(municipality) ? tenancy.registry().get(municipality) : undefined;
    const facilityUrl = entry?.active ? entry.subgraphs.facility : undefined;
    if (!facilityUrl) {
      return fail(response, 404, `No municipality ${JSON.stringify(municipality)} in the registry.`, { code: ErrorCode.UnknownMunicipality, municipality });
    }
    if (!localId || rest.length > 0 || !localIdPattern.test(localId)) {
      return fail(response, 404, 'No such photo or attachment.', { code: ErrorCode.NotFound });
    }
    const unavailable = (status: 502 | 504, reason: string) => {
      logger.warn('media_unavailable', { municipality, reason });
      return fail(response, status, `Municipality ${municipality} did not deliver the file.`, {
        code: ErrorCode.MunicipalityUnavailable,
        municipality,
        subgraph: 'facility',
      });
    };
    if (tenancy.client.circuitOpen({ municipality, subgraph: 'facility', url: facilityUrl })) return unavailable(502, 'circuit-open');

    const target = `${facilityUrl.replace(/\/graphql\/?$/, '')}/media/${localId.toLowerCase()}`;
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs);
    try {
      let upstream: Response;
      try {
        upstream = await fetch(target, {
          method: request.method,
          headers: {
            ...(request.headers['if-none-match'] ? { 'if-none-match': request.headers['if-none-match'] } : {}),
            ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          },
          signal: abort.signal,
        });
      } catch (error) {
        return unavailable((error as Error).name === 'TimeoutError' ? 504 : 502, (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
      }
      if (upstream.status >= 500) {
        await upstream.body?.cancel();
        return unavailable(502, 'bad-response');
      }
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(new DOMException('timeout', 'TimeoutError')), transferTimeoutMs);
      for (const name of passedHeaders) {
        const value = upstream.headers.get(name);
        if (value !== null) response.setHeader(name, value);
      }
      response.writeHead(upstream.status);
      if (!upstream.body || request.method === 'HEAD') {
        await upstream.body?.cancel();
        response.end();
        return;
      }
      try {
        await pipeline(Readable.fromWeb(upstream.body as ReadableStream<Uint8Array>), response);
      } catch (error) {
        // Headers are out: the client sees a cut connection, never a complete-looking file.
        const clientLeft = (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' && !abort.signal.aborted;
        if (!clientLeft) logger.warn('media_transfer_failed', { municipality, reason: abort.signal.aborted ? 'timeout' : 'interrupted' });
        response.destroy();
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
