import { isOfficeOf, type MunicipalityKey, type SubgraphContext, today, type Viewer } from '@kita/shared';
import { type FacilityEntity, kindsWithPermit, PublicationStatus } from '../facility/facility.entity.js';
import type { FacilityLoaders } from '../loaders.js';
import { isMember, type MemberSubjects } from '../membership/membership.access.js';

type PublicRow = Pick<FacilityEntity, 'status' | 'kind' | 'permitValidUntil'>;

/**
 * Whether everyone sees the profile on `day`: PUBLISHED, and for a Kindertagespflege or
 * Großtagespflege a Pflegeerlaubnis valid that day. A lapsed permit hides the profile the moment it
 * lapses, read from its end date; the permit watch suspends the profile later (see permit-watch.job.ts).
 */
export function isPublic(row: PublicRow, day: string = today()): boolean {
  if (row.status !== PublicationStatus.PUBLISHED) return false;
  return !kindsWithPermit.includes(row.kind) || (row.permitValidUntil !== null && row.permitValidUntil >= day);
}

/** `isPublic` as an SQL condition on the facility table under `alias`; its one parameter is the day. */
export const publicSql = (alias: string) =>
  `(${alias}.status = 'PUBLISHED' and (${alias}.kind not in (${kindsWithPermit.map((kind) => `'${kind}'`).join(', ')}) or ${alias}.permit_valid_until >= ?))`;

/**
 * Who sees a facility profile: everyone when it is public (see isPublic); otherwise only the
 * office of the municipality and the facility's own providers, its members (so that a provider
 * can follow its draft through the review, or see its profile whose permit lapsed). Null when
 * the viewer may not see it.
 */
export function visibleTo<Row extends PublicRow>(
  viewer: Viewer,
  municipality: MunicipalityKey,
  row: Row | null | undefined,
  members: MemberSubjects,
): Row | null {
  if (!row) return null;
  if (isPublic(row) || isOfficeOf(viewer, municipality) || isMember(viewer, members)) return row;
  return null;
}

/**
 * `visibleTo` for a request: the members are loaded (batched with every other facility of the
 * request) only when they decide, for a provider asking for a profile that is not public.
 */
export async function visibleInRequest<Row extends PublicRow & Pick<FacilityEntity, 'id'>>(
  context: SubgraphContext<FacilityLoaders>,
  row: Row | null | undefined,
): Promise<Row | null> {
  if (!row) return null;
  const decidesByMembers = !isPublic(row) && context.viewer.role === 'provider';
  const members = decidesByMembers ? await context.loaders.members.load(row.id) : [];
  return visibleTo(context.viewer, context.municipality, row, members);
}
