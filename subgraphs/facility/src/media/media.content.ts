import { clientError, ErrorCode, type UploadLimit } from '@kita/shared';
import { MediaKind } from './media.entity.js';

const MiB = 1024 * 1024;

/** Largest decoded upload per kind. */
export const maxBytes: Record<MediaKind, number> = {
  [MediaKind.PHOTO]: 2 * MiB,
  [MediaKind.ATTACHMENT]: 5 * MiB,
};

/** Content types accepted per kind; each must also match the file's magic bytes. */
export const acceptedTypes: Record<MediaKind, readonly string[]> = {
  [MediaKind.PHOTO]: ['image/jpeg', 'image/png', 'image/webp'],
  [MediaKind.ATTACHMENT]: ['application/pdf'],
};

const startsWith = (content: Uint8Array, bytes: readonly number[], offset = 0) =>
  content.length >= offset + bytes.length && bytes.every((byte, index) => content[offset + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const signatures: Array<{ type: string; matches: (content: Uint8Array) => boolean }> = [
  { type: 'image/jpeg', matches: (content) => startsWith(content, [0xff, 0xd8, 0xff]) },
  { type: 'image/png', matches: (content) => startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/webp', matches: (content) => startsWith(content, ascii('RIFF')) && startsWith(content, ascii('WEBP'), 8) },
  { type: 'application/pdf', matches: (content) => startsWith(content, ascii('%PDF-')) },
];

/** The accepted content type the bytes are, by their magic bytes; undefined for anything else. */
export function sniffContentType(content: Uint8Array): string | undefined {
  return signatures.find((signature) => signature.matches(content))?.type;
}

// Standard alphabet, padded (RFC 4648 §4); no line breaks, no URL-safe alphabet. A plain
// character class: a grouped quantifier overflows the regex stack on megabytes of text.
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded size of base64 text, known before decoding it. */
export function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

/**
 * Decodes strictly: Node's decoder skips characters it does not know, which would store a
 * silently different file. Returns undefined unless the text is canonical base64.
 */
export function decodeBase64(base64: string): Buffer | undefined {
  if (base64.length % 4 !== 0 || !base64Pattern.test(base64)) return undefined;
  const content = Buffer.from(base64, 'base64');
  // Non-zero bits after the last full byte decode like zeros: refuse them as well.
  return content.toString('base64') === base64 ? content : undefined;
}

/**
 * Checks an upload in order of cost, before anything is written: the declared type, the size
 * (from the text length, before decoding), the encoding, then the magic bytes.
 */
export function decodeUpload(kind: MediaKind, declaredType: string, base64: string, argument = 'input'): { contentType: string; content: Buffer } {
  const contentType = declaredType.trim().toLowerCase();
  const accepted = acceptedTypes[kind];
  if (!accepted.includes(contentType)) {
    throw clientError(ErrorCode.UnsupportedMediaType, `A ${kind} must be one of ${accepted.join(', ')}.`, {
      argument: `${argument}.contentType`,
      accepted,
    });
  }
  const limit = maxBytes[kind];
  if (decodedLength(base64) > limit) {
    throw clientError(ErrorCode.PayloadTooLarge, `A ${kind} may have at most ${limit} bytes (${limit / MiB} MiB).`, {
      argument: `${argument}.contentBase64`,
      limit,
    });
  }
  const content = decodeBase64(base64);
  if (!content) {
    throw clientError(ErrorCode.BadUserInput, '"contentBase64" is not valid base64 (standard alphabet, padded, no line breaks).', {
      argument: `${argument}.contentBase64`,
    });
  }
  if (content.length === 0) throw clientError(ErrorCode.BadUserInput, 'The file is empty.', { argument: `${argument}.contentBase64` });
  const actual = sniffContentType(content);
  if (actual !== contentType) {
    throw clientError(
      ErrorCode.UnsupportedMediaType,
      actual ? `The content is ${actual}, not the declared ${contentType}.` : `The content is not ${contentType}.`,
      { argument: `${argument}.contentBase64`, ...(actual ? { detected: actual } : {}) },
    );
  }
  return { contentType, content };
}

/**
 * The request body an instance (and the gateway) must accept for the largest upload: base64
 * makes 5 MiB into 6.7 MiB, plus the query and the other fields around it.
 */
export const maxUploadRequestBytes = 8 * MiB;

/** Requests of `addFacilityMedia` alone may be that large (at the instance and the gateway); every other request has 1 MB. */
export const mediaUploads: UploadLimit = { maxBodyBytes: maxUploadRequestBytes, mutations: ['addFacilityMedia'] };
