import { ReservationStatus } from './reservation.entity.js';
import { ReservationActorRole, type ReservationTransitionEntity } from './reservation-transition.entity.js';

/** The step name of a residence exception (a step that keeps the status). */
export const residenceExceptionStep = 'RESIDENCE_EXCEPTION';

/** How the office received a Vormerkung it filed for the family (the step `FILED_<channel>` on SUBMITTED). */
const filingWords: Record<string, string> = {
  FILED_PAPER: 'on a paper form',
  FILED_DESK: 'in person at the desk',
  FILED_PHONE: 'by phone',
};

type Step = Pick<ReservationTransitionEntity, 'fromStatus' | 'toStatus' | 'step' | 'actorRole' | 'offerDeadline'>;

/** What a step means, in plain words for the family (no personal data: the reason is shown beside it). */
export function describeStep(step: Step): string {
  if (step.step === residenceExceptionStep) {
    return 'The office allowed this choice although the family lives outside the municipality (exception to the residence rule).';
  }
  if (step.step === 'TAKEN_OVER') return 'The family took over the Vormerkung the office filed for it, with its one-time code.';
  if (step.step && step.step in filingWords) {
    return `Submitted by the office for the family, which brought it ${filingWords[step.step]} and consented to the processing of its data. The office will review it.`;
  }
  switch (step.toStatus) {
    case ReservationStatus.DRAFT:
      return 'Saved as a draft; not yet released for processing.';
    case ReservationStatus.SUBMITTED:
      return 'Submitted: released for processing. The office will review it.';
    case ReservationStatus.IN_REVIEW:
      return 'The office is reviewing the reservation.';
    case ReservationStatus.OFFERED:
      return step.offerDeadline ? `A place is offered. It must be accepted by ${step.offerDeadline}, or the offer lapses.` : 'A place is offered.';
    case ReservationStatus.ACCEPTED:
      if (step.actorRole === ReservationActorRole.PARENT) return 'You accepted the offer: a binding commitment (Zusage). A contract follows.';
      return 'The offer was accepted: a binding commitment (Zusage). A contract follows.';
    case ReservationStatus.DECLINED:
      if (step.actorRole === ReservationActorRole.PARENT) return 'You declined the offer.';
      return 'The offer was declined.';
    case ReservationStatus.LAPSED:
      return step.offerDeadline
        ? `The offer lapsed: it was not accepted by ${step.offerDeadline}. The place goes to the next family.`
        : 'The offer lapsed: it was not accepted in time. The place goes to the next family.';
    case ReservationStatus.WITHDRAWN:
      if (step.step === 'PLACED_ELSEWHERE') return 'Withdrawn automatically: a place was accepted elsewhere.';
      return step.actorRole === ReservationActorRole.SYSTEM ? 'Withdrawn automatically: the draft was never submitted.' : 'Withdrawn by the family.';
  }
}
