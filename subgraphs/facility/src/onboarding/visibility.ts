import { isOfficeOf, type MunicipalityKey, type SubgraphContext, type Viewer } from '@kita/shared';
import { type FacilityEntity, PublicationStatus } from '../facility/facility.entity.js';
import type { FacilityLoaders } from '../loaders.js';
import { isMember, type MemberSubjects } from '../membership/membership.access.js';

/**
 * Who sees a facility profile: everyone when it is PUBLISHED; in any other status only the
 * office of the municipality and the facility's own providers, its members (so that a provider
 * can follow its draft through the review). Null when the viewer may not see it.
 */
export function visibleTo<Row extends Pick<FacilityEntity, 'status'>>(
  viewer: Viewer,
  municipality: MunicipalityKey,
  row: Row | null | undefined,
  members: MemberSubjects,
): Row | null {
  if (!row) return null;
  if (row.status === PublicationStatus.PUBLISHED || isOfficeOf(viewer, municipality) || isMember(viewer, members)) return row;
  return null;
}

/**
 * `visibleTo` for a request: the members are loaded (batched with every other facility of the
 * request) only when they decide, for a provider asking for an unpublished profile.
 */
export async function visibleInRequest<Row extends Pick<FacilityEntity, 'id' | 'status'>>(
  context: SubgraphContext<FacilityLoaders>,
  row: Row | null | undefined,
): Promise<Row | null> {
  if (!row) return null;
  const decidesByMembers = row.status !== PublicationStatus.PUBLISHED && context.viewer.role === 'provider';
  const members = decidesByMembers ? await context.loaders.members.load(row.id) : [];
  return visibleTo(context.viewer, context.municipality, row, members);
}
