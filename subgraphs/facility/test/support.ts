import { FacilityMemberEntity, FacilityMemberRole } from '@kita/facility';
import type { SubgraphServer } from '@kita/shared';

/**
 * Makes `subject` a member of facilities a test wrote straight into the database (as a seeder
 * would, without registration): the rows `registerFacility` and the membership mutations write.
 */
export async function insertMembers(server: SubgraphServer, subject: string, facilityIds: string[], role = FacilityMemberRole.OWNER): Promise<void> {
  await server.database.orm.em.fork().insertMany(
    FacilityMemberEntity,
    facilityIds.map((facilityId) => Object.assign(new FacilityMemberEntity(), { facilityId, subject, role, addedBy: 'test-seed' })),
  );
}
