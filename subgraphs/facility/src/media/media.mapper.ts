import { formatId, type MunicipalityKey } from '@kita/shared';
import type { FacilityMediaEntity } from './media.entity.js';
import type { FacilityMedia } from './media.types.js';

/** The gateway path of a stored file (see gateway/src/media-proxy.ts). */
export const mediaPath = (municipality: MunicipalityKey, localId: string) => `/media/${municipality}/${localId}`;

/** What of a stored photo or attachment the API exposes: never the bytes themselves. */
export function toFacilityMedia(row: FacilityMediaEntity, municipality: MunicipalityKey): FacilityMedia {
  return {
    id: formatId(municipality, row.id),
    kind: row.kind,
    url: mediaPath(municipality, row.id),
    contentType: row.contentType,
    fileName: row.fileName,
    byteSize: row.byteSize,
    altText: row.altText,
    caption: row.caption,
  };
}
