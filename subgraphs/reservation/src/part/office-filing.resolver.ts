import type { SubgraphContext } from '@kita/shared';
import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { ReservationPart } from '../reservation/reservation.types.js';
import { FileReservationForFamilyArgs, OfficeFiling, TakeOverReservationArgs } from './office-filing.types.js';
import { toPart } from './part.mapper.js';
import { PartService } from './part.service.js';

type Context = SubgraphContext<ReservationLoaders>;

function service(context: Context): PartService {
  return new PartService(context.em, context.municipality, context.loaders.settings, context.loaders.pseudonymKey);
}

/** The office files a Vormerkung for a family that came with paper, to the desk or by phone; the family takes it over by a one-time code. */
@Resolver(() => OfficeFiling)
export class OfficeFilingResolver {
  @Mutation(() => OfficeFiling, {
    description:
      "The office of the municipality files a family's Vormerkung (paper form, at the desk, by phone) and submits it at once, by the rules of a parent's submission (checks, maximum choices, idempotencyKey). The channel and the filing office account are recorded in the history; consentNoted must be true. Returns a one-time code for the family to take the Vormerkung over in the portal (takeOverReservation).",
  })
  async fileReservationForFamily(
    @Args(() => FileReservationForFamilyArgs) { municipality, input }: FileReservationForFamilyArgs,
    @Ctx() context: Context,
  ): Promise<OfficeFiling> {
    const { part, code } = await service(context).fileForFamily(context.viewer, municipality, input);
    return { part: toPart(part, context.municipality), takeoverCode: code, takeoverCodeExpiresAt: part.takeoverCodeExpiresAt! };
  }

  @Mutation(() => ReservationPart, {
    description:
      'A parent takes over a Vormerkung the office filed for the family, by the one-time code from the office: it then shows in myReservationParts and the parent answers its offers. A wrong, used or expired code gives TAKEOVER_CODE_INVALID; after 10 wrong codes in 24 hours the account is refused with RATE_LIMITED for the rest of that time.',
  })
  async takeOverReservation(
    @Args(() => TakeOverReservationArgs) { municipality, code }: TakeOverReservationArgs,
    @Ctx() context: Context,
  ): Promise<ReservationPart> {
    return toPart(await service(context).takeOver(context.viewer, municipality, code), context.municipality);
  }
}
