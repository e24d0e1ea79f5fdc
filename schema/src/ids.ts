import { validate as isUuid, version as uuidVersion, v7 as uuidv7 } from 'uuid';
import { clientError, ErrorCode } from './errors.js';

/**
 * Amtlicher Gemeindeschlüssel (AGS) prefix that names a municipality with its own youth
 * office: 5 digits for a Landkreis or Region, 8 digits for a city. Keys are compared whole:
 * `03355022` (Hansestadt Lüneburg) starts with `03355` (Landkreis Lüneburg) but is not it.
 */
export type MunicipalityKey = string;

const municipalityKeyPattern = /^(\d{5}|\d{8})$/;

export function isMunicipalityKey(value: string): value is MunicipalityKey {
  return municipalityKeyPattern.test(value);
}

/** A global entity ID: `<ags>:<uuid v7>`, routable by the gateway without a lookup. */
export interface GlobalId {
  municipality: MunicipalityKey;
  localId: string;
}

export function newLocalId(): string {
  return uuidv7();
}

export function formatId(municipality: MunicipalityKey, localId: string): string {
  return `${municipality}:${localId}`;
}

/** Parses without throwing; `undefined` for anything that is not a well-formed ID. */
export function tryParseId(id: string): GlobalId | undefined {
  const separator = id.indexOf(':');
  if (separator < 0) return undefined;
  const municipality = id.slice(0, separator);
  const localId = id.slice(separator + 1);
  if (!isMunicipalityKey(municipality)) return undefined;
  if (!isUuid(localId) || uuidVersion(localId) !== 7) return undefined;
  return { municipality, localId: localId.toLowerCase() };
}

export function parseId(id: string, argument = 'id'): GlobalId {
  const parsed = tryParseId(id);
  if (!parsed) {
    throw clientError(ErrorCode.InvalidId, `"${argument}" is not a valid ID: expected <municipality key>:<uuid v7>.`, {
      argument,
    });
  }
  return parsed;
}

/**
 * The local part of a global ID of `municipality` (the instance a request reached), without
 * throwing: `undefined` when the ID is malformed or names another municipality. For reads that
 * answer "nothing here" (a reference, a field of an entity), where `localIdIn` would be an error.
 */
export function tryLocalIdIn(municipality: MunicipalityKey, id: string): string | undefined {
  const parsed = tryParseId(id);
  return parsed && parsed.municipality === municipality ? parsed.localId : undefined;
}

/**
 * The local part of a global ID that must name an entity of `municipality` (the instance a
 * request reached): INVALID_ID when malformed, WRONG_MUNICIPALITY when it names another one.
 */
export function localIdIn(municipality: MunicipalityKey, id: string, argument = 'id'): string {
  const parsed = parseId(id, argument);
  if (parsed.municipality !== municipality) {
    throw clientError(ErrorCode.WrongMunicipality, `"${argument}" belongs to municipality ${parsed.municipality}, but this request went to ${municipality}.`, {
      argument,
      municipality: parsed.municipality,
    });
  }
  return parsed.localId;
}
