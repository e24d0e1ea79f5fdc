import { isOfficeOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import { PublicationStatus, type FacilityEntity } from '../facility/facility.entity.js';
import { isOwner } from './onboarding.access.js';

/**
 * Who sees a facility profile: everyone when it is PUBLISHED; in any other status only the
 * office of the municipality and the facility's own provider (so that a provider can follow
 * its draft through the review). Null when the viewer may not see it.
 */
export function visibleTo<Row extends Pick<FacilityEntity, 'id' | 'status' | 'ownerSubject'>>(
  viewer: Viewer,
  municipality: MunicipalityKey,
  row: Row | null | undefined,
): Row | null {
  if (!row) return null;
  if (row.status === PublicationStatus.PUBLISHED || isOfficeOf(viewer, municipality) || isOwner(viewer, municipality, row)) return row;
  return null;
}
