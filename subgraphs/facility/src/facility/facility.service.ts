import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, clientError, decodeCursor, encodeCursor, ErrorCode, isOfficeOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import { FacilityEntity, PublicationStatus } from './facility.entity.js';
import type { FacilityFilter } from './facility.types.js';

export const maxPageSize = 100;

export interface FacilityPage {
  rows: FacilityEntity[];
  hasNextPage: boolean;
  totalCount: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** Facility search for one municipality: filters, visibility and keyset pagination by (name, id). */
export class FacilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /** Publication statuses this viewer may see; only the municipality's office sees drafts. */
  visibleStatuses(viewer: Viewer, requested?: PublicationStatus[]): PublicationStatus[] {
    const office = isOfficeOf(viewer, this.municipality);
    if (requested?.length) {
      if (!office && requested.some((status) => status !== PublicationStatus.PUBLISHED)) {
        throw clientError(ErrorCode.Forbidden, 'Only the office of this municipality may search unpublished profiles.', {
          municipality: this.municipality,
        });
      }
      return requested;
    }
    return office ? Object.values(PublicationStatus) : [PublicationStatus.PUBLISHED];
  }

  async search(viewer: Viewer, filter: FacilityFilter = {}, first = 20, after?: string | null): Promise<FacilityPage> {
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
      throw badInput(`"first" must be between 1 and ${maxPageSize}.`, { argument: 'first' });
    }
    const conditions: FilterQuery<FacilityEntity>[] = [{ status: { $in: this.visibleStatuses(viewer, filter.publicationStatuses) } }];
    if (filter.districts) conditions.push({ district: { $in: filter.districts } });
    if (filter.kinds) conditions.push({ kind: { $in: filter.kinds } });
    if (filter.ageInMonths !== undefined && filter.ageInMonths !== null) {
      if (filter.ageInMonths < 0 || filter.ageInMonths > 216) throw badInput('"ageInMonths" must be between 0 and 216.', { argument: 'filter.ageInMonths' });
      conditions.push({ ageFromMonths: { $lte: filter.ageInMonths }, ageToMonths: { $gt: filter.ageInMonths } });
    }
    const text = filter.text?.trim();
    if (text) {
      if (text.length > 100) throw badInput('"text" must be at most 100 characters.', { argument: 'filter.text' });
      const pattern = `%${escapeLike(text)}%`;
      conditions.push({ $or: [{ name: { $ilike: pattern } }, { carrier: { $ilike: pattern } }, { district: { $ilike: pattern } }] });
    }
    const where: FilterQuery<FacilityEntity> = { $and: conditions };
    const page: FilterQuery<FacilityEntity>[] = [...conditions];
    if (after) {
      const [name, id] = decodeCursor(after);
      if (typeof name !== 'string' || typeof id !== 'string') throw badInput('"after" is not a cursor returned by this API.', { argument: 'after' });
      page.push({ $or: [{ name: { $gt: name } }, { name, id: { $gt: id } }] });
    }
    const [rows, totalCount] = await Promise.all([
      this.em.find(FacilityEntity, { $and: page }, { orderBy: { name: 'asc', id: 'asc' }, limit: first + 1 }),
      this.em.count(FacilityEntity, where),
    ]);
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  static cursorOf(row: FacilityEntity): string {
    return encodeCursor([row.name, row.id]);
  }
}
