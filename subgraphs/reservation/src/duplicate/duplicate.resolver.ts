import {
  badInput,
  clientError,
  ErrorCode,
  FacilityKind,
  type FanOutSpec,
  fanOut,
  fanOutNote,
  listSize,
  placeholders,
  requireSignedIn,
  type SubgraphContext,
} from '@kita/shared';
import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { ReservationStatus } from '../reservation/reservation.entity.js';
import { DuplicateChoice } from './duplicate.types.js';

type Context = SubgraphContext<ReservationLoaders>;

const concat: FanOutSpec = { merge: 'CONCAT' };

/** At most this many pseudonyms per question: a page of an office's queue. */
export const maxDuplicatePseudonyms = 100;

/** Choices that hold or wait for a place: what a duplicate is about. */
const reviewedStatuses = [ReservationStatus.SUBMITTED, ReservationStatus.IN_REVIEW, ReservationStatus.OFFERED, ReservationStatus.ACCEPTED];

const pseudonymPattern = /^[0-9a-f]{64}$/;

/**
 * Duplicate review across municipalities: an office holds the keyed pseudonyms of the children in
 * its own queue (ReservationPart.childPseudonym) and asks every municipality which of them have
 * choices there. Any municipality's office may ask (the pseudonym is an HMAC with the federation's
 * key: it names no one and cannot be guessed from names); parents, providers and analysts are
 * refused (FORBIDDEN), the public too (UNAUTHENTICATED). The answer holds no personal data.
 */
@Resolver(() => DuplicateChoice)
export class DuplicateChoiceResolver {
  @Directive(listSize({ assumedSize: 10 }))
  @Directive(fanOut(concat))
  @Query(() => [DuplicateChoice], {
    nullable: true,
    description: `For the offices' duplicate review: the open and accepted choices (SUBMITTED, IN_REVIEW, OFFERED, ACCEPTED) of the children with these keyed pseudonyms (ReservationPart.childPseudonym, 64 hex digits, at most ${maxDuplicatePseudonyms}), in every municipality, by pseudonym and rank. Municipality, kind of care, rank, status and dates only: never names, addresses, birth dates, guardians or facilities. For the office of any municipality. ${fanOutNote(concat)}`,
  })
  async duplicateChoices(@Arg('pseudonyms', () => [String]) pseudonyms: string[], @Ctx() context: Context): Promise<DuplicateChoice[]> {
    const { viewer } = context;
    requireSignedIn(viewer, 'review duplicates');
    if (viewer.role !== 'office' || viewer.municipalities.length === 0) throw clientError(ErrorCode.Forbidden, 'Only municipal offices review duplicates.');
    if (pseudonyms.length > maxDuplicatePseudonyms) {
      throw badInput(`"pseudonyms" may hold at most ${maxDuplicatePseudonyms} pseudonyms.`, { argument: 'pseudonyms' });
    }
    if (pseudonyms.some((pseudonym) => !pseudonymPattern.test(pseudonym))) {
      throw badInput('"pseudonyms" must be keyed pseudonyms of children (64 lower-case hex digits, as ReservationPart.childPseudonym gives them).', {
        argument: 'pseudonyms',
      });
    }
    const wanted = [...new Set(pseudonyms)];
    if (wanted.length === 0) return [];
    // The kind of care is the facility fact's (the facility subgraph's events): a choice whose facility
    // this instance has not heard of yet (right after a start) shows once the projection caught up.
    const rows = await context.em.execute<
      Array<{ pseudonym: string; kind: string; rank: number; status: ReservationStatus; wished_start: string; submitted_at: Date | null; status_since: Date }>
    >(
      `select p.child_pseudonym as pseudonym, f.kind, r.rank, r.status, r.wished_start::text as wished_start, p.submitted_at, r.status_changed_at as status_since
         from reservation r join reservation_part p on p.id = r.part_id join facility_fact f on f.facility_id = r.facility_id
        where p.child_pseudonym in (${placeholders(wanted)}) and r.status in (${placeholders(reviewedStatuses)}) and r.rank is not null
        order by p.child_pseudonym, r.rank, r.id`,
      [...wanted, ...reviewedStatuses],
    );
    return rows
      .filter((row) => row.kind in FacilityKind)
      .map((row) => ({
        pseudonym: row.pseudonym,
        municipality: context.municipality,
        kind: row.kind as FacilityKind,
        rank: row.rank,
        status: row.status,
        wishedStart: row.wished_start,
        submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
        statusSince: new Date(row.status_since),
      }));
  }
}
