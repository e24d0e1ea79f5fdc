import { clientError, ErrorCode, type FanOutSpec, fanOut, fanOutNote, formatId, isOfficeOf, listSize, type SubgraphContext } from '@kita/shared';
import { Args, Ctx, Directive, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { facilitiesActedFor, maySee, requireReservationReader, seesWholePart } from '../reservation/reservation.access.js';
import { toReservation } from '../reservation/reservation.mapper.js';
import { Child, Facility, Guardian, LegalClaim, Reservation, ReservationPart } from '../reservation/reservation.types.js';
import { legalClaimAt } from './legal-claim.js';
import { FilingChannel } from './office-filing.types.js';
import { ReservationPartEntity } from './part.entity.js';
import { SaveReservationDraftArgs, SubmitReservationArgs } from './part.input.js';
import { toPart } from './part.mapper.js';
import { PartService } from './part.service.js';

type Context = SubgraphContext<ReservationLoaders>;

const concat: FanOutSpec = { merge: 'CONCAT' };

/** How much of a part the viewer sees: all of it (parent, office), what processing needs (provider of a chosen facility), or nothing. */
async function accessTo(part: ReservationPart, context: Context): Promise<'whole' | 'provider'> {
  const { viewer, municipality } = context;
  if (seesWholePart(viewer, part.row.parentSubject, municipality)) return 'whole';
  if (viewer.role === 'provider') {
    const [choices, actedFor] = await Promise.all([context.loaders.choicesByPart.load(part.row.id), facilitiesActedFor(context)]);
    if (choices.some((choice) => maySee(viewer, choice, municipality, actedFor))) return 'provider';
  }
  throw clientError(ErrorCode.Forbidden, 'You may not see this reservation.', { municipality });
}

function service(context: Context): PartService {
  return new PartService(context.em, context.municipality, context.loaders.settings, context.loaders.pseudonymKey);
}

/** A family's part of an application: saving, submitting, the parent's list, and its personal data field by field. */
@Resolver(() => ReservationPart)
export class ReservationPartResolver {
  @Mutation(() => ReservationPart, {
    description:
      'A parent saves its part of an application in one municipality as a draft: an upsert by applicationKey (saving again replaces it). Facilities are checked at submission. For parents only; an application across municipalities saves one part in each, with the same applicationKey.',
  })
  async saveReservationDraft(
    @Args(() => SaveReservationDraftArgs) { municipality, input }: SaveReservationDraftArgs,
    @Ctx() context: Context,
  ): Promise<ReservationPart> {
    return toPart(await service(context).saveDraft(context.viewer, municipality, input), context.municipality);
  }

  @Mutation(() => ReservationPart, {
    description:
      "A parent releases its draft for processing: every rule is checked (published facility of this municipality, kind of care, the child's age fits a group, places bound to residence), then all choices become SUBMITTED at once. A retry with the same idempotencyKey returns the first result and writes nothing.",
  })
  async submitReservation(
    @Args(() => SubmitReservationArgs) { municipality, applicationKey, idempotencyKey }: SubmitReservationArgs,
    @Ctx() context: Context,
  ): Promise<ReservationPart> {
    return toPart(await service(context).submit(context.viewer, municipality, applicationKey, idempotencyKey), context.municipality);
  }

  @Directive(listSize({ assumedSize: 2 }))
  @Directive(fanOut(concat))
  @Query(() => [ReservationPart], {
    nullable: true,
    description: `The signed-in parent's parts of applications (one per municipality), newest first: group them by applicationKey for one view of each application. ${fanOutNote(concat)}`,
  })
  async myReservationParts(@Ctx() context: Context): Promise<ReservationPart[]> {
    requireReservationReader(context.viewer);
    if (context.viewer.role !== 'parent' || !context.viewer.subject) return [];
    const rows = await context.em.find(ReservationPartEntity, { parentSubject: context.viewer.subject }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    return rows.map((row) => toPart(row, context.municipality));
  }

  @Directive(listSize({ assumedSize: 5 }))
  @FieldResolver(() => [Reservation], { description: 'The choices of this part by rank; a provider sees only those of its own facilities.' })
  async choices(@Root() part: ReservationPart, @Ctx() context: Context): Promise<Reservation[]> {
    await accessTo(part, context);
    const [rows, actedFor] = await Promise.all([context.loaders.choicesByPart.load(part.row.id), facilitiesActedFor(context)]);
    return rows.filter((row) => maySee(context.viewer, row, context.municipality, actedFor)).map((row) => toReservation(row, context.municipality));
  }

  @FieldResolver(() => Child, { nullable: true, description: 'Personal data; null once the retention rule removed it.' })
  async child(@Root() part: ReservationPart, @Ctx() context: Context): Promise<Child | null> {
    await accessTo(part, context);
    const { childFirstName, childLastName, childBirthDate } = part.row;
    if (childFirstName === null || childLastName === null || childBirthDate === null) return null;
    return { firstName: childFirstName, lastName: childLastName, birthDate: childBirthDate };
  }

  @Directive(listSize({ assumedSize: 2 }))
  @FieldResolver(() => [Guardian], { description: 'Personal data; empty once the retention rule removed it. Providers get names and contact, not addresses.' })
  async guardians(@Root() part: ReservationPart, @Ctx() context: Context): Promise<Guardian[]> {
    const access = await accessTo(part, context);
    return part.row.guardians.map((guardian) => ({
      firstName: guardian.firstName,
      lastName: guardian.lastName,
      email: guardian.email,
      phone: guardian.phone,
      address:
        access === 'whole'
          ? { street: guardian.street, postalCode: guardian.postalCode, city: guardian.city, residenceMunicipality: guardian.residenceMunicipality }
          : null,
    }));
  }

  @Directive(listSize({ assumedSize: 2 }))
  @FieldResolver(() => [Facility], {
    description:
      'Facilities of this municipality a sibling of the child already attends, as the parent stated them (no names): give the child priority there in allocation runs (SIBLING). A provider sees only its own facilities among them. Empty once the retention rule removed the personal data.',
  })
  async siblingFacilities(@Root() part: ReservationPart, @Ctx() context: Context): Promise<Facility[]> {
    const access = await accessTo(part, context);
    const actedFor = await facilitiesActedFor(context);
    const shown = access === 'whole' ? part.row.siblingFacilityIds : part.row.siblingFacilityIds.filter((id) => actedFor.has(id));
    return shown.map((id) => ({ id: formatId(context.municipality, id) }));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Keyed pseudonym of the child (HMAC of names and birth date), the same in every municipality: for the office's duplicate review. Null for everyone but the office of the municipality.",
  })
  childPseudonym(@Root() part: ReservationPart, @Ctx() context: Context): string | null {
    return isOfficeOf(context.viewer, context.municipality) ? part.row.childPseudonym : null;
  }

  @FieldResolver(() => FilingChannel, {
    nullable: true,
    description: 'How the office received the Vormerkung when it filed it for the family (fileReservationForFamily); null when the parent submitted it.',
  })
  async filingChannel(@Root() part: ReservationPart, @Ctx() context: Context): Promise<FilingChannel | null> {
    await accessTo(part, context);
    const channel = part.row.filingChannel;
    return channel && channel in FilingChannel ? (channel as FilingChannel) : null;
  }

  @FieldResolver(() => LegalClaim, {
    nullable: true,
    description: "The child's legal claim at the wished start (§24 SGB VIII), in plain words; null once the birth date is removed.",
  })
  async legalClaim(@Root() part: ReservationPart, @Ctx() context: Context): Promise<LegalClaim | null> {
    await accessTo(part, context);
    return part.row.childBirthDate ? legalClaimAt(part.row.childBirthDate, part.row.wishedStart) : null;
  }
}
