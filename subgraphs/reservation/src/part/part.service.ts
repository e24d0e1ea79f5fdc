import { badInput, clientError, ErrorCode, formatId, type MunicipalityKey, today, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityFactEntity } from '../facts/facility-fact.entity.js';
import { requireParent } from '../reservation/reservation.access.js';
import { ReservationEntity, ReservationStatus } from '../reservation/reservation.entity.js';
import { ReservationTransitionEntity } from '../reservation/reservation-transition.entity.js';
import { actorOf, recordTransition, steps, takeStep } from '../reservation/workflow.js';
import type { ReservationSettings } from '../settings.js';
import { ReservationPartEntity } from './part.entity.js';
import type { ReservationDraftInput } from './part.input.js';
import { checkApplicationKey, checkDraft, requireOwnMunicipality } from './part.validation.js';
import { childPseudonym } from './pseudonym.js';
import { checkSubmission } from './rules.js';
import { ReservationSubmissionEntity } from './submission.entity.js';

export const idempotencyKeyLength = { min: 8, max: 200 } as const;

/**
 * Serialises writers of one key within a transaction (released at commit): two saves of one part,
 * or two submissions with one idempotency key, run one after the other.
 */
async function lockKey(em: EntityManager, key: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
}

/** A family's part of a reservation in this municipality: saving the draft and releasing it. */
export class PartService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
    private readonly settings: ReservationSettings,
    private readonly pseudonymKey: string,
  ) {}

  /**
   * Creates or replaces the parent's draft with this applicationKey (an upsert: saving again
   * changes nothing else). Choices are matched by facility: a kept facility keeps its row (and a
   * residence exception granted for it), a removed one is deleted, a new one is added as DRAFT.
   */
  async saveDraft(viewer: Viewer, municipality: string, input: ReservationDraftInput): Promise<ReservationPartEntity> {
    requireParent(viewer, 'save reservations');
    requireOwnMunicipality(municipality, this.municipality);
    const draft = checkDraft(input, this.municipality, this.settings.maxChoices, today());
    const subject = viewer.subject!;
    return this.em.transactional(async (em) => {
      await lockKey(em, `reservation-part:${subject}:${draft.applicationKey}`);
      let part = await em.findOne(ReservationPartEntity, { parentSubject: subject, applicationKey: draft.applicationKey });
      if (part?.submittedAt) {
        throw clientError(ErrorCode.InvalidTransition, 'This reservation was already submitted; its choices can only be withdrawn now.', {
          from: ReservationStatus.SUBMITTED,
          to: ReservationStatus.DRAFT,
        });
      }
      const now = new Date();
      if (!part) {
        part = Object.assign(new ReservationPartEntity(), { applicationKey: draft.applicationKey, parentSubject: subject, createdAt: now });
        em.persist(part);
      }
      Object.assign(part, {
        childFirstName: draft.child.firstName,
        childLastName: draft.child.lastName,
        childBirthDate: draft.child.birthDate,
        childBirthYear: Number(draft.child.birthDate.slice(0, 4)),
        childPseudonym: childPseudonym(this.pseudonymKey, draft.child),
        guardians: draft.guardians,
        wishedStart: draft.wishedStart,
        hoursPerWeek: draft.hoursPerWeek,
        hoursBand: draft.hoursBand,
        kindsOfCare: draft.kindsOfCare,
        siblingFacilityIds: draft.siblingFacilityIds,
        updatedAt: now,
        // A draft whose data the retention rule removed comes back to life when saved again.
        personalDataRemovedAt: null,
      });
      const drafts = await em.find(ReservationEntity, { partId: part.id, status: ReservationStatus.DRAFT });
      const chosen = new Set(draft.choices.map((choice) => choice.facilityId));
      const removed = drafts.filter((row) => !chosen.has(row.facilityId));
      if (removed.length) {
        const ids = removed.map((row) => row.id);
        await em.nativeDelete(ReservationTransitionEntity, { reservationId: { $in: ids } });
        await em.nativeDelete(ReservationEntity, { id: { $in: ids } });
      }
      for (const choice of draft.choices) {
        let row = drafts.find((candidate) => candidate.facilityId === choice.facilityId);
        if (!row) {
          row = Object.assign(new ReservationEntity(), { facilityId: choice.facilityId, partId: part.id, createdAt: now });
          em.persist(row);
          recordTransition(em, row, null, ReservationStatus.DRAFT, actorOf(viewer), { at: now });
        }
        Object.assign(row, {
          rank: choice.rank,
          parentSubject: subject,
          childBirthDate: draft.child.birthDate,
          wishedStart: draft.wishedStart,
          hoursPerWeek: draft.hoursPerWeek,
        });
      }
      return part;
    });
  }

  /**
   * Releases the draft for processing: checks the rules for every choice and moves them all
   * DRAFT → SUBMITTED in one transaction. The idempotency key makes retries safe: a key seen
   * before returns the part it submitted then, writing nothing, whatever else the retry says.
   */
  async submit(viewer: Viewer, municipality: string, applicationKeyValue: string, idempotencyKey: string): Promise<ReservationPartEntity> {
    requireParent(viewer, 'submit reservations');
    requireOwnMunicipality(municipality, this.municipality);
    const applicationKey = checkApplicationKey(applicationKeyValue);
    if (idempotencyKey.length < idempotencyKeyLength.min || idempotencyKey.length > idempotencyKeyLength.max) {
      throw badInput(`"idempotencyKey" must have ${idempotencyKeyLength.min} to ${idempotencyKeyLength.max} characters (e.g. a UUID).`, {
        argument: 'idempotencyKey',
      });
    }
    const subject = viewer.subject!;
    return this.em.transactional(async (em) => {
      await lockKey(em, `reservation-submission:${subject}:${idempotencyKey}`);
      const earlier = await em.findOne(ReservationSubmissionEntity, { parentSubject: subject, idempotencyKey });
      if (earlier) return em.findOneOrFail(ReservationPartEntity, { id: earlier.partId });

      await lockKey(em, `reservation-part:${subject}:${applicationKey}`);
      const part = await em.findOne(ReservationPartEntity, { parentSubject: subject, applicationKey });
      if (!part) {
        throw clientError(ErrorCode.NotFound, `No reservation draft with this applicationKey in municipality ${this.municipality}; save it first.`, {
          argument: 'applicationKey',
        });
      }
      if (part.submittedAt) {
        throw clientError(ErrorCode.InvalidTransition, 'This reservation was already submitted.', {
          from: ReservationStatus.SUBMITTED,
          to: ReservationStatus.SUBMITTED,
        });
      }
      const choices = await em.find(ReservationEntity, { partId: part.id, status: ReservationStatus.DRAFT }, { orderBy: { rank: 'asc', id: 'asc' } });
      if (choices.length === 0)
        throw badInput('The reservation has no choices left to submit; save the draft with at least one facility.', { argument: 'applicationKey' });
      const facts = await em.find(FacilityFactEntity, {
        facilityId: { $in: [...new Set([...choices.map((choice) => choice.facilityId), ...part.siblingFacilityIds])] },
      });
      const violations = checkSubmission(
        {
          municipality: this.municipality,
          today: today(),
          birthDate: part.childBirthDate!,
          wishedStart: part.wishedStart,
          kindsOfCare: part.kindsOfCare,
          guardians: part.guardians,
        },
        choices,
        new Map(facts.map((fact) => [fact.facilityId, fact])),
      );
      if (violations.length) {
        throw badInput(`The reservation cannot be submitted yet. ${violations.map((violation) => violation.message).join(' ')}`, {
          argument: 'choices',
          violations: violations.map(({ rule, reservationId, facilityId, rank }) => ({ rule, reservationId, facilityId, rank })),
        });
      }
      // Any facility of the municipality, published or not: a sibling may attend one whose profile is suspended.
      const unknownSiblingFacilities = part.siblingFacilityIds
        .filter((id) => !facts.some((fact) => fact.facilityId === id))
        .map((id) => formatId(this.municipality, id));
      if (unknownSiblingFacilities.length) {
        throw badInput(
          `"siblingFacilityIds" names what is no facility of municipality ${this.municipality} (${unknownSiblingFacilities.join(', ')}); save the draft without it.`,
          { argument: 'siblingFacilityIds', facilityIds: unknownSiblingFacilities },
        );
      }
      const now = new Date();
      for (const choice of choices) takeStep(em, choice, steps.submit, actorOf(viewer), { at: now });
      part.submittedAt = now;
      part.updatedAt = now;
      em.persist(Object.assign(new ReservationSubmissionEntity(), { parentSubject: subject, idempotencyKey, partId: part.id, createdAt: now }));
      return part;
    });
  }
}
