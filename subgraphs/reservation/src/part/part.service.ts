import { badInput, clientError, ErrorCode, formatId, type MunicipalityKey, today, type Viewer } from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityFactEntity } from '../facts/facility-fact.entity.js';
import { requireOffice, requireParent } from '../reservation/reservation.access.js';
import { ReservationEntity, ReservationStatus } from '../reservation/reservation.entity.js';
import { ReservationTransitionEntity } from '../reservation/reservation-transition.entity.js';
import { type Actor, actorOf, recordTransition, type StepDetails, steps, takeStep } from '../reservation/workflow.js';
import type { ReservationSettings } from '../settings.js';
import type { FilingChannel, OfficeFilingInput } from './office-filing.types.js';
import { ReservationPartEntity } from './part.entity.js';
import type { ReservationDraftInput } from './part.input.js';
import { type CheckedDraft, checkApplicationKey, checkDraft, requireOwnMunicipality } from './part.validation.js';
import { childPseudonym } from './pseudonym.js';
import { checkSubmission } from './rules.js';
import { ReservationSubmissionEntity } from './submission.entity.js';
import { TakeoverAttemptEntity } from './takeover-attempt.entity.js';
import { newTakeoverCode, normaliseTakeoverCode, takeoverCodeHash, takeoverLimits } from './takeover-code.js';

export const idempotencyKeyLength = { min: 8, max: 200 } as const;

/** The owner of a part the office filed, until the family takes it over: no account has this subject. */
export const filedOwner = (partId: string) => `office-filing:${partId}`;

/** The history step names of an office filing (on SUBMITTED) and of the family's take-over (status kept). */
export const filingStep = (channel: FilingChannel) => `FILED_${channel}`;
export const takeoverStep = 'TAKEN_OVER';

function checkIdempotencyKey(idempotencyKey: string, argument: string): void {
  if (idempotencyKey.length < idempotencyKeyLength.min || idempotencyKey.length > idempotencyKeyLength.max) {
    throw badInput(`"${argument}" must have ${idempotencyKeyLength.min} to ${idempotencyKeyLength.max} characters (e.g. a UUID).`, { argument });
  }
}

const invalidCode = () =>
  clientError(ErrorCode.TakeoverCodeInvalid, 'This code does not take over a Vormerkung: it may be mistyped, used or expired. Ask the office for a new one.', {
    argument: 'code',
  });

/**
 * Serialises writers of one key within a transaction (released at commit): two saves of one part,
 * or two submissions with one idempotency key, run one after the other.
 */
async function lockKey(em: EntityManager, key: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
}

/** A family's part of an application in this municipality: saving the draft and releasing it. */
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
    return this.em.transactional((em) => this.writeDraft(em, subject, actorOf(viewer), draft));
  }

  /** Creates or replaces the draft of `owner` with this applicationKey (see saveDraft), in the transaction of `em`. */
  private async writeDraft(
    em: EntityManager,
    owner: string,
    actor: Actor,
    draft: CheckedDraft,
    filed?: { partId: string; at: Date },
  ): Promise<ReservationPartEntity> {
    await lockKey(em, `reservation-part:${owner}:${draft.applicationKey}`);
    let part = await em.findOne(ReservationPartEntity, { parentSubject: owner, applicationKey: draft.applicationKey });
    if (part?.submittedAt) {
      throw clientError(ErrorCode.InvalidTransition, 'This reservation was already submitted; its choices can only be withdrawn now.', {
        from: ReservationStatus.SUBMITTED,
        to: ReservationStatus.DRAFT,
      });
    }
    const now = filed?.at ?? new Date();
    if (!part) {
      part = Object.assign(new ReservationPartEntity(), { applicationKey: draft.applicationKey, parentSubject: owner, createdAt: now });
      if (filed) part.id = filed.partId;
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
        recordTransition(em, row, null, ReservationStatus.DRAFT, actor, { at: now });
      }
      Object.assign(row, {
        rank: choice.rank,
        parentSubject: owner,
        childBirthDate: draft.child.birthDate,
        wishedStart: draft.wishedStart,
        hoursPerWeek: draft.hoursPerWeek,
      });
    }
    return part;
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
    checkIdempotencyKey(idempotencyKey, 'idempotencyKey');
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
      const now = new Date();
      await this.release(em, part, actorOf(viewer), { at: now });
      em.persist(Object.assign(new ReservationSubmissionEntity(), { parentSubject: subject, idempotencyKey, partId: part.id, createdAt: now }));
      return part;
    });
  }
  /**
   * Checks every rule of the part's DRAFT choices and moves them all to SUBMITTED (the caller
   * locked the part); `details` names the step (an office filing) and its time.
   */
  private async release(em: EntityManager, part: ReservationPartEntity, actor: Actor, details: StepDetails & { at: Date }): Promise<void> {
    const choices = await em.find(ReservationEntity, { partId: part.id, status: ReservationStatus.DRAFT }, { orderBy: { rank: 'asc', id: 'asc' } });
    if (choices.length === 0)
      throw badInput('The application has no choices left to submit; save the draft with at least one facility.', { argument: 'applicationKey' });
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
      throw badInput(`The application cannot be submitted yet. ${violations.map((violation) => violation.message).join(' ')}`, {
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
    for (const choice of choices) takeStep(em, choice, steps.submit, actor, details);
    part.submittedAt = details.at;
    part.updatedAt = details.at;
  }

  /**
   * The office of this municipality files a family's Vormerkung (paper, desk, phone): the draft is
   * checked and released at once by the parent's rules, owned by no account (`filedOwner`) until
   * the family takes it over with the returned one-time code. The filer and the channel are in the
   * history. A retry with the same idempotencyKey returns the same part with a new code (the first
   * answer may never have arrived) and makes the earlier code useless; it writes nothing else.
   */
  async fileForFamily(viewer: Viewer, municipality: string, input: OfficeFilingInput): Promise<{ part: ReservationPartEntity; code: string }> {
    requireOffice(viewer, this.municipality, 'file reservations for families');
    requireOwnMunicipality(municipality, this.municipality);
    if (input.consentNoted !== true) {
      throw badInput('"input.consentNoted" must be true: file a Vormerkung only with the family\'s consent to the processing of its data.', {
        argument: 'input.consentNoted',
      });
    }
    checkIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
    const draft = checkDraft(input, this.municipality, this.settings.maxChoices, today());
    const filer = viewer.subject!;
    const code = newTakeoverCode();
    const codeHash = takeoverCodeHash(this.pseudonymKey, normaliseTakeoverCode(code)!);
    const part = await this.em.transactional(async (em) => {
      // Idempotency keys of filings live beside the parents' submissions, under the filing office account.
      const keyOwner = `office:${filer}`;
      await lockKey(em, `reservation-submission:${keyOwner}:${input.idempotencyKey}`);
      const earlier = await em.findOne(ReservationSubmissionEntity, { parentSubject: keyOwner, idempotencyKey: input.idempotencyKey });
      const now = new Date();
      const expiresAt = new Date(now.getTime() + takeoverLimits.validDays * 24 * 60 * 60 * 1000);
      if (earlier) {
        const filed = await em.findOneOrFail(ReservationPartEntity, { id: earlier.partId });
        if (filed.takenOverAt) {
          throw clientError(ErrorCode.InvalidTransition, 'The family has already taken this Vormerkung over; no new code is needed.', {
            argument: 'input.idempotencyKey',
          });
        }
        Object.assign(filed, { takeoverCodeHash: codeHash, takeoverCodeExpiresAt: expiresAt });
        return filed;
      }
      const partId = new ReservationPartEntity().id;
      const actor = actorOf(viewer);
      const filed = await this.writeDraft(em, filedOwner(partId), actor, draft, { partId, at: now });
      // A millisecond after the draft, so that the history shows the two steps in their order.
      await this.release(em, filed, actor, { at: new Date(now.getTime() + 1), step: filingStep(input.channel) });
      Object.assign(filed, {
        filedBy: filer,
        filingChannel: input.channel,
        consentNotedAt: now,
        takeoverCodeHash: codeHash,
        takeoverCodeExpiresAt: expiresAt,
      });
      em.persist(
        Object.assign(new ReservationSubmissionEntity(), { parentSubject: keyOwner, idempotencyKey: input.idempotencyKey, partId: filed.id, createdAt: now }),
      );
      return filed;
    });
    return { part, code };
  }

  /**
   * A parent takes over a part the office filed, by its one-time code: the part and its choices
   * become the parent's (history: TAKEN_OVER), the code is used up. Wrong, used and expired codes
   * all give TAKEOVER_CODE_INVALID; after `takeoverLimits.attempts` wrong codes in a day the account
   * is refused (RATE_LIMITED) until the day has passed, whatever it sends.
   */
  async takeOver(viewer: Viewer, municipality: string, typed: string): Promise<ReservationPartEntity> {
    requireParent(viewer, 'take over reservations');
    requireOwnMunicipality(municipality, this.municipality);
    const subject = viewer.subject!;
    const since = new Date(Date.now() - takeoverLimits.windowHours * 60 * 60 * 1000);
    if ((await this.em.count(TakeoverAttemptEntity, { subject, at: { $gt: since } })) >= takeoverLimits.attempts) {
      throw clientError(ErrorCode.RateLimited, `Too many wrong codes from this account: try again in ${takeoverLimits.windowHours} hours, or ask the office.`);
    }
    const code = normaliseTakeoverCode(typed);
    const part = code
      ? await this.em.transactional(async (em) => {
          const now = new Date();
          const found = await em.findOne(
            ReservationPartEntity,
            // A part whose personal data retention removed cannot be taken over: nothing of the family is left in it.
            {
              takeoverCodeHash: takeoverCodeHash(this.pseudonymKey, code),
              takenOverAt: null,
              takeoverCodeExpiresAt: { $gt: now },
              personalDataRemovedAt: null,
            },
            { lockMode: LockMode.PESSIMISTIC_WRITE },
          );
          if (!found) return null;
          if (await em.count(ReservationPartEntity, { parentSubject: subject, applicationKey: found.applicationKey })) {
            throw clientError(ErrorCode.InvalidTransition, 'Your account already holds an application with this applicationKey; ask the office.');
          }
          const choices = await em.find(ReservationEntity, { partId: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
          for (const choice of choices) {
            choice.parentSubject = subject;
            recordTransition(em, choice, choice.status, choice.status, actorOf(viewer), { at: now, step: takeoverStep });
          }
          Object.assign(found, { parentSubject: subject, takenOverAt: now, takeoverCodeHash: null, takeoverCodeExpiresAt: null, updatedAt: now });
          return found;
        })
      : null;
    if (part) return part;
    // Counted outside the refused transaction; the account's attempts older than the window go at the same time.
    const em = this.em.fork();
    await em.nativeDelete(TakeoverAttemptEntity, { subject, at: { $lte: since } });
    await em.insert(TakeoverAttemptEntity, Object.assign(new TakeoverAttemptEntity(), { subject, at: new Date() }));
    throw invalidCode();
  }
}
