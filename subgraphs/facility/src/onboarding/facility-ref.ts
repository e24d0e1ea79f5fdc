import { badInput, clientError, ErrorCode, formatId, isMunicipalityKey, localIdIn, type MunicipalityKey, type Viewer } from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity } from '../facility/facility.entity.js';

/** The local part of a facility ID that must belong to this municipality (INVALID_ID, WRONG_MUNICIPALITY). */
export function localFacilityId(id: string, municipality: MunicipalityKey, argument: string): string {
  return localIdIn(municipality, id, argument);
}

/**
 * The facility row, locked until the transaction ends, so that two steps on one profile
 * (a submission and an edit, the office and the permit watch, two membership changes) happen one
 * after the other. An unknown facility is NOT_FOUND, except for a provider: no provider is a
 * member of a facility that does not exist, so it gets FORBIDDEN and learns nothing about which
 * IDs exist.
 */
export async function lockFacility(
  em: EntityManager,
  localId: string,
  municipality: MunicipalityKey,
  viewer: Viewer,
  argument: string,
): Promise<FacilityEntity> {
  const row = await em.findOne(FacilityEntity, { id: localId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (row) return row;
  if (viewer.role === 'provider') throw clientError(ErrorCode.Forbidden, "Only the facility's providers may change it.", { municipality });
  throw clientError(ErrorCode.NotFound, `No facility ${formatId(municipality, localId)}.`, { argument });
}

/**
 * A `municipality` argument (by which the gateway routes) that must name this instance's
 * municipality: BAD_USER_INPUT when it is no key, WRONG_MUNICIPALITY when it names another.
 */
export function requireMunicipalityArgument(value: string, municipality: MunicipalityKey, argument = 'municipality'): void {
  if (!isMunicipalityKey(value)) throw badInput(`"${argument}" must be a 5- or 8-digit municipality key (AGS).`, { argument });
  if (value !== municipality) {
    throw clientError(ErrorCode.WrongMunicipality, `"${argument}" names another municipality than the one this request went to (${municipality}).`, {
      argument,
      municipality: value,
    });
  }
}
