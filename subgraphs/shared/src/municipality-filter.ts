import { badInput, isMunicipalityKey, type MunicipalityKey } from '@kita/shared';

/**
 * Whether a root field's optional `municipalities` argument asks for this instance's
 * municipality. The gateway routes by that argument, but an instance may still be called
 * directly (or by a gateway that broadcasts), so it answers only for itself. Keys are compared
 * whole: `03355` does not include `03355022`.
 */
export function asksForMunicipality(municipalities: string[] | null | undefined, own: MunicipalityKey): boolean {
  if (municipalities === null || municipalities === undefined) return true;
  const malformed = municipalities.find((key) => !isMunicipalityKey(key));
  if (malformed !== undefined) {
    // The message never echoes the input (house rule): the argument names where the problem is.
    throw badInput('"municipalities" must hold 5- or 8-digit municipality keys (AGS).', { argument: 'municipalities' });
  }
  return municipalities.includes(own);
}
