import { createHash } from 'node:crypto';
import { badInput, clientError, ErrorCode, formatId, localIdIn, type MunicipalityKey, type Viewer } from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity } from '../facility/facility.entity.js';
import { membersOf } from '../membership/facility-member.loader.js';
import { managesMedia, mediaForbidden, requireSignedIn } from './media.access.js';
import { FacilityMediaEntity } from './media.entity.js';
import { type MediaInput, validateMediaInput } from './media.input.js';

export const maxMediaPerFacility = 20;

/** Adding and removing the photos and attachments of one municipality's facilities. */
export class MediaService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /** The local part of a global ID that must belong to this municipality. */
  localIdOf(id: string, argument: string): string {
    return localIdIn(this.municipality, id, argument);
  }

  /**
   * FORBIDDEN unless the viewer manages the facility. Only a provider needs the facility's
   * members (one statement); an unknown facility has none, so it is FORBIDDEN for a provider
   * too, and no one learns which IDs exist.
   */
  private async requireManager(viewer: Viewer, localFacilityId: string): Promise<void> {
    const members = viewer.role === 'provider' ? await membersOf(this.em, [localFacilityId]) : [];
    if (!managesMedia(viewer, this.municipality, members)) throw mediaForbidden(this.municipality);
  }

  /** Stores a checked upload; every refusal happens before anything is written. */
  async add(viewer: Viewer, facilityId: string, input: MediaInput): Promise<FacilityMediaEntity> {
    requireSignedIn(viewer);
    const localFacilityId = this.localIdOf(facilityId, 'facilityId');
    await this.requireManager(viewer, localFacilityId);
    const upload = validateMediaInput(input);
    return this.em.transactional(async (em) => {
      // Locked so that concurrent uploads cannot together pass the limit.
      const facility = await em.findOne(FacilityEntity, { id: localFacilityId }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
      if (!facility) throw clientError(ErrorCode.NotFound, `No facility ${facilityId}.`, { argument: 'facilityId' });
      const [{ count, last }] = await em.execute<Array<{ count: number; last: number }>>(
        'select count(*)::int as count, coalesce(max(position), -1)::int as last from facility_media where facility_id = ?',
        [localFacilityId],
      );
      if (count >= maxMediaPerFacility) {
        throw badInput(`A facility may have at most ${maxMediaPerFacility} photos and attachments; remove one first.`, {
          argument: 'facilityId',
          limit: maxMediaPerFacility,
        });
      }
      const row = Object.assign(new FacilityMediaEntity(), {
        facilityId: localFacilityId,
        kind: upload.kind,
        contentType: upload.contentType,
        fileName: upload.fileName,
        byteSize: upload.content.length,
        sha256: createHash('sha256').update(upload.content).digest('hex'),
        content: upload.content,
        altText: upload.altText,
        caption: upload.caption,
        position: last + 1,
      });
      em.persist(row);
      return row;
    });
  }

  /** Removes one photo or attachment; returns its global ID. */
  async remove(viewer: Viewer, id: string): Promise<string> {
    requireSignedIn(viewer);
    const localId = this.localIdOf(id, 'id');
    const row = await this.em.findOne(FacilityMediaEntity, { id: localId });
    if (!row) throw clientError(ErrorCode.NotFound, `No photo or attachment ${id}.`, { argument: 'id' });
    await this.requireManager(viewer, row.facilityId);
    await this.em.remove(row).flush();
    return formatId(this.municipality, localId);
  }
}
