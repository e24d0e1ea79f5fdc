import { clientError, ErrorCode, facilitiesOfMembers, isOfficeOf, type MunicipalityKey, requireSignedIn as requireSignedInTo, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Refuses anonymous callers before anything is parsed further or loaded. */
export function requireSignedIn(viewer: Viewer): void {
  requireSignedInTo(viewer, 'publish or withdraw free places');
}

/**
 * Who may publish and withdraw the free places of these facilities (local IDs of this
 * municipality): the office of the municipality, or a provider who is a member of every one of
 * them, as the facility subgraph's events say (`facility_member`). Only a provider costs a
 * statement.
 */
export async function requireVacancyManager(em: EntityManager, viewer: Viewer, facilityIds: readonly string[], municipality: MunicipalityKey): Promise<void> {
  requireSignedIn(viewer);
  if (isOfficeOf(viewer, municipality)) return;
  if (viewer.role === 'provider' && viewer.subject) {
    const own = (await facilitiesOfMembers(em, [viewer.subject])).get(viewer.subject)!;
    if (facilityIds.every((id) => own.has(id))) return;
  }
  throw notManager(municipality);
}

export const notManager = (municipality: MunicipalityKey) =>
  clientError(ErrorCode.Forbidden, "Only the facility's providers and the office of its municipality manage its free places.", { municipality });
