import { addDays, badInput, type MunicipalityKey, today, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity, type FacilityKind, kindsWithPermit, PublicationStatus } from '../facility/facility.entity.js';
import { recordFacilityFacts } from '../facts/facility-fact.events.js';
import { localFacilityId, lockFacility, requireMunicipalityArgument } from '../onboarding/facility-ref.js';
import { requireOffice } from '../onboarding/onboarding.access.js';
import { actorOf, recordTransition, steps, takeStep } from '../onboarding/workflow.js';
import { validatePermitFor, validatePermitInput } from './permit.rules.js';
import { maxLapsingDays, type PermitInput } from './permit.types.js';

export const permitRecordedReason = 'permit recorded';

/** The office records Pflegeerlaubnisse of the municipality's Kindertagespflege and Großtagespflege. */
export class PermitService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /**
   * Replaces the facility's permit. A profile suspended for a lapsed permit is published again
   * (the new permit is valid today: it cannot be issued in the future nor have ended); on a
   * published profile the change is recorded as PUBLISHED → PUBLISHED ("permit recorded").
   */
  async record(viewer: Viewer, facilityId: string, input: PermitInput): Promise<FacilityEntity> {
    requireOffice(viewer, this.municipality, 'record permits');
    const localId = localFacilityId(facilityId, this.municipality, 'facilityId');
    const day = today();
    const permit = validatePermitInput(input, day);
    return this.em.transactional(async (em) => {
      const row = await lockFacility(em, localId, this.municipality, viewer, 'facilityId');
      validatePermitFor(row, permit);
      Object.assign(row, {
        permitNumber: permit.number,
        permitIssuedOn: permit.issuedOn,
        permitValidUntil: permit.validUntil,
        permitMaxChildren: permit.maxChildren,
      });
      if (row.status === PublicationStatus.SUSPENDED) takeStep(em, row, steps.reinstate, actorOf(viewer), permitRecordedReason);
      else if (row.status === PublicationStatus.PUBLISHED) recordTransition(em, row, row.status, row.status, actorOf(viewer), permitRecordedReason);
      await recordFacilityFacts(em, [row]);
      return row;
    });
  }

  /**
   * The Kindertagespflege and Großtagespflege whose permit lapsed already or lapses within
   * `withinDays` from today, the soonest end first: what the office renews or follows up.
   */
  async lapsing(viewer: Viewer, municipality: string, withinDays: number): Promise<FacilityEntity[]> {
    requireOffice(viewer, this.municipality, 'see lapsing permits');
    requireMunicipalityArgument(municipality, this.municipality);
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > maxLapsingDays) {
      throw badInput(`"withinDays" must be a whole number from 0 to ${maxLapsingDays}.`, { argument: 'withinDays' });
    }
    return this.em.find(
      FacilityEntity,
      { kind: { $in: kindsWithPermit as FacilityKind[] }, permitValidUntil: { $ne: null, $lte: addDays(today(), withinDays) } },
      { orderBy: { permitValidUntil: 'asc', id: 'asc' } },
    );
  }
}
