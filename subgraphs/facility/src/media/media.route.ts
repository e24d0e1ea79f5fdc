import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, type ModuleRouteContext, type RouteHandler, sendJson, today, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { publicSql } from '../onboarding/visibility.js';
import { managesMedia } from './media.access.js';
import { MediaKind } from './media.entity.js';

/** The path prefix this instance serves files under: `/media/<uuid>`. */
export const mediaRoutePrefix = '/media/';

// Local IDs are UUID v7; anything else is answered before the database sees it.
const localIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface StoredFile {
  facilityId: string;
  published: boolean;
  /** Subjects of the facility's members: who besides the office sees files of an unpublished profile. */
  memberSubjects: string[];
  kind: MediaKind;
  contentType: string;
  fileName: string;
  byteSize: number;
  sha256: string;
  content?: Buffer;
}

async function findFile(em: EntityManager, localId: string, withContent: boolean): Promise<StoredFile | undefined> {
  const [row] = await em.execute<Array<Record<string, unknown>>>(
    `select m.facility_id, ${publicSql('f')} as published, array(select fm.subject from facility_member fm where fm.facility_id = f.id) as member_subjects, m.kind, m.content_type, m.file_name, m.byte_size, m.sha256${withContent ? ', m.content' : ''}
       from facility_media m join facility f on f.id = m.facility_id
      where m.id = ?`,
    [today(), localId],
  );
  if (!row) return undefined;
  return {
    facilityId: row.facility_id as string,
    // A lapsed Pflegeerlaubnis hides the files as it hides the profile (see isPublic).
    published: row.published === true,
    memberSubjects: row.member_subjects as string[],
    kind: row.kind as MediaKind,
    contentType: row.content_type as string,
    fileName: row.file_name as string,
    byteSize: row.byte_size as number,
    sha256: row.sha256 as string,
    content: row.content as Buffer | undefined,
  };
}

/** `If-None-Match` lists the ETag (or is `*`); weak validators compare equal for GET. */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII fallback with anything unsafe in a
 * quoted string replaced, and the exact name percent-encoded as UTF-8.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const notFound = (response: ServerResponse) =>
  sendJson(response, 404, { errors: [{ message: 'No such photo or attachment.', extensions: { code: ErrorCode.NotFound } }] });

/**
 * Serves the stored bytes of a photo or attachment at `/media/<uuid>`.
 *
 * Files of PUBLISHED profiles are public and cacheable by anyone for an hour: browsers load
 * `<img src>` and download links without an Authorization header. Files of any other profile
 * are served only to a bearer token of the facility's providers or the office (a preview in
 * the editor), as `private, no-cache`; to everyone else they do not exist (404).
 * Unpublishing therefore hides a file from new visitors at once, while caches may keep it for
 * up to `max-age`.
 */
export function mediaRoute({ database, verifier, municipality }: ModuleRouteContext): RouteHandler {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return sendJson(response, 405, { errors: [{ message: 'Files are read with GET.', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
    }
    const localId = new URL(request.url ?? '/', 'http://localhost').pathname.slice(mediaRoutePrefix.length).toLowerCase();
    if (!localIdPattern.test(localId)) return notFound(response);
    const em = database.orm.em.fork() as EntityManager;
    const ifNoneMatch = request.headers['if-none-match'];
    // A revalidation usually ends in 304: read the bytes only when they will be sent.
    let file = await findFile(em, localId, !ifNoneMatch && request.method === 'GET');
    if (!file) return notFound(response);

    let cacheControl = 'public, max-age=3600';
    if (!file.published) {
      let viewer: Viewer;
      try {
        viewer = await verifier.viewerFor(request.headers.authorization);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return sendJson(response, 401, { errors: [{ message: error.message, extensions: { code: ErrorCode.Unauthenticated } }] });
      }
      if (
        !managesMedia(
          viewer,
          municipality,
          file.memberSubjects.map((subject) => ({ subject })),
        )
      )
        return notFound(response);
      cacheControl = 'private, no-cache';
    }

    const etag = `"${file.sha256}"`;
    const headers = { etag, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' };
    if (matchesETag(ifNoneMatch, etag)) {
      response.writeHead(304, headers).end();
      return;
    }
    if (request.method === 'GET' && !file.content) {
      file = await findFile(em, localId, true);
      if (!file) return notFound(response);
    }
    response.writeHead(200, {
      ...headers,
      'content-type': file.contentType,
      'content-length': String(file.content?.length ?? file.byteSize),
      'content-disposition': file.kind === MediaKind.PHOTO ? 'inline' : attachmentDisposition(file.fileName),
    });
    response.end(request.method === 'GET' ? file.content : undefined);
  };
}
