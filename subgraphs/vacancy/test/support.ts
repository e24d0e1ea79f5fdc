import { FacilityMemberEntity, type SubgraphServer, tryParseId } from '@kita/shared';

let eventSeq = 1;

/**
 * Makes `subject` a member of facilities (global IDs) as the facility subgraph's
 * `FacilityMembersChanged` events would have projected it, for tests that run the vacancy subgraph
 * alone. A facility of another municipality is projected there, not here: it is left out.
 */
export async function insertMembers(server: SubgraphServer, subject: string, facilityIds: string[]): Promise<void> {
  const here = facilityIds.map((id) => tryParseId(id)).filter((id) => id?.municipality === server.municipality);
  if (here.length === 0) return;
  await server.database.orm.em.fork().insertMany(
    FacilityMemberEntity,
    here.map((id) => Object.assign(new FacilityMemberEntity(), { facilityId: id!.localId, subject, role: 'OWNER', eventSeq: String(eventSeq++) })),
  );
}
