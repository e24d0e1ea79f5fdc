import { FacilityMemberEntity } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/** Per-request batch: the facilities (local IDs) each account acts for, from the `facility_member` projection, in one statement. */
export function createFacilitiesOfMemberLoader(em: EntityManager): DataLoader<string, ReadonlySet<string>> {
  return new DataLoader(async (subjects) => {
    const rows = await em.find(FacilityMemberEntity, { subject: { $in: [...subjects] } }, { fields: ['facilityId', 'subject'] });
    return subjects.map((subject) => new Set(rows.filter((row) => row.subject === subject).map((row) => row.facilityId)));
  });
}
