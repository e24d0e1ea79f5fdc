import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatId, isMunicipalityKey, newLocalId, parseId, tryLocalIdIn, tryParseId } from './ids.js';

const landkreisLueneburg = '03355';
const hansestadtLueneburg = '03355022';
const uuidV4 = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';

describe('newLocalId', () => {
  it('creates distinct uuid v7 values', () => {
    const first = newLocalId();
    const second = newLocalId();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });
});

describe('formatId / parseId / tryParseId', () => {
  it.each([landkreisLueneburg, hansestadtLueneburg])('round-trips a global ID in municipality %s', (municipality) => {
    const localId = newLocalId();
    const id = formatId(municipality, localId);

    expect(id).toBe(`${municipality}:${localId}`);
    expect(parseId(id)).toEqual({ municipality, localId });
    expect(tryParseId(id)).toEqual({ municipality, localId });
  });

  it('keeps the 8-digit city key whole instead of cutting it to the district prefix', () => {
    const localId = newLocalId();
    const parsed = parseId(formatId(hansestadtLueneburg, localId));

    expect(parsed.municipality).toBe(hansestadtLueneburg);
    expect(parsed.municipality).not.toBe(landkreisLueneburg);
  });

  it('normalises an upper-case uuid to lower case so equal IDs compare equal', () => {
    const localId = newLocalId();
    const parsed = parseId(`${landkreisLueneburg}:${localId.toUpperCase()}`);

    expect(parsed).toEqual({ municipality: landkreisLueneburg, localId });
  });

  it.each([
    ['a uuid v4', `${landkreisLueneburg}:${uuidV4}`],
    ['no separator', '033550197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['another separator', '03355/0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['a bare uuid without municipality', '0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['a 6-digit municipality key', '033550:0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['a 4-digit municipality key', '0335:0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['a non-numeric municipality key', 'abcde:0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['an empty municipality key', ':0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['trailing text after the uuid', '03355:0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d:x'],
    ['surrounding whitespace', ' 03355:0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d'],
    ['a uuid that is not a uuid', '03355:not-a-uuid'],
    ['an empty string', ''],
  ])('rejects an ID with %s', (_case, id) => {
    expect(tryParseId(id)).toBeUndefined();
    expect(() => parseId(id)).toThrow(GraphQLError);
  });

  it('accepts the v7 uuid used in the rejection cases once its key is valid', () => {
    // Guards the table above: those IDs fail because of the named defect, not the uuid.
    expect(tryParseId('03355:0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d')).toEqual({
      municipality: '03355',
      localId: '0197a5c2-5f1e-7c3a-8b1d-2f3e4a5b6c7d',
    });
  });

  it('reports an invalid ID as INVALID_ID naming the argument', () => {
    let thrown: unknown;
    try {
      parseId(`${landkreisLueneburg}:${uuidV4}`, 'facilityId');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(GraphQLError);
    const error = thrown as GraphQLError;
    expect(error.extensions.code).toBe('INVALID_ID');
    expect(error.extensions.argument).toBe('facilityId');
    expect(error.message).toContain('"facilityId"');
  });

  it('names the argument "id" when none is given', () => {
    expect(() => parseId('nonsense')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_ID', argument: 'id' }) }));
  });
});

describe('isMunicipalityKey', () => {
  it.each(['03355', '03355022', '09162000'])('accepts the 5- or 8-digit key %s', (key) => {
    expect(isMunicipalityKey(key)).toBe(true);
  });

  it.each(['0335', '033550', '0335502', '033550220', '0335a', '', '03355 '])('rejects %j', (key) => {
    expect(isMunicipalityKey(key)).toBe(false);
  });
});

describe('tryLocalIdIn', () => {
  it("gives the local part of this municipality's ID and nothing for another's or a malformed one", () => {
    const localId = newLocalId();
    expect(tryLocalIdIn(hansestadtLueneburg, formatId(hansestadtLueneburg, localId))).toBe(localId);
    // Keys are compared whole: the city's ID does not belong to the Landkreis around it.
    expect(tryLocalIdIn(landkreisLueneburg, formatId(hansestadtLueneburg, localId))).toBeUndefined();
    expect(tryLocalIdIn(hansestadtLueneburg, `${hansestadtLueneburg}:${uuidV4}`)).toBeUndefined();
    expect(tryLocalIdIn(hansestadtLueneburg, 'not-an-id')).toBeUndefined();
  });
});
