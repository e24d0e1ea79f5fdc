import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodedLength, decodeUpload, maxBytes, sniffContentType } from './media.content.js';
import { MediaKind } from './media.entity.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16);
const webp = ascii('RIFF\x24\x00\x00\x00WEBPVP8 ');
const pdf = ascii('%PDF-1.7\n');
const base64 = (content: Uint8Array) => Buffer.from(content).toString('base64');

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions;
  }
  throw new Error('expected a refusal');
};

describe('sniffContentType', () => {
  it.each([
    ['JPEG', jpeg, 'image/jpeg'],
    ['PNG', png, 'image/png'],
    ['WebP', webp, 'image/webp'],
    ['PDF', pdf, 'application/pdf'],
  ])('recognises %s by its magic bytes', (_name, content, type) => {
    expect(sniffContentType(content)).toBe(type);
  });

  it.each([
    ['a GIF', ascii('GIF89a')],
    ['a RIFF that is not WebP (WAV)', ascii('RIFF\x24\x00\x00\x00WAVEfmt ')],
    ['half a PNG signature', png.slice(0, 4)],
    ['HTML', ascii('<!doctype html><script>')],
    ['nothing', bytes()],
  ])('recognises nothing in %s', (_name, content) => {
    expect(sniffContentType(content)).toBeUndefined();
  });
});

describe('decodeBase64', () => {
  it('decodes canonical base64 of every padding length', () => {
    for (const length of [0, 1, 2, 3, 4, 5]) {
      const content = Buffer.from(Array.from({ length }, (_, index) => index * 51));
      expect(decodeBase64(content.toString('base64'))).toEqual(content);
    }
  });

  it.each([
    ['a character outside the alphabet', 'iVBO*w0K'],
    ['the URL-safe alphabet', 'iVBO_w0K'],
    ['a line break', 'iVBO\nw0K'],
    ['missing padding', 'iVBORw0'],
    ['padding in the middle', 'iV==Rw0K'],
    ['three padding characters', 'i==='],
    ['non-zero bits after the last byte', 'iVBORw1='],
    ['a data URL', 'data:image/png;base64,iVBORw0K'],
  ])('refuses %s', (_case, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });

  it('knows the decoded size before decoding', () => {
    for (const length of [0, 1, 2, 3, 1000, 1001, 1002]) expect(decodedLength(Buffer.alloc(length).toString('base64'))).toBe(length);
  });
});

describe('decodeUpload', () => {
  it('accepts each accepted type whose content matches, normalising the declared type', () => {
    expect(decodeUpload(MediaKind.PHOTO, 'Image/PNG', base64(png)).contentType).toBe('image/png');
    expect(decodeUpload(MediaKind.PHOTO, 'image/jpeg', base64(jpeg)).content).toEqual(Buffer.from(jpeg));
    expect(decodeUpload(MediaKind.PHOTO, 'image/webp', base64(webp)).contentType).toBe('image/webp');
    expect(decodeUpload(MediaKind.ATTACHMENT, 'application/pdf', base64(pdf)).contentType).toBe('application/pdf');
  });

  it.each([
    ['a PDF declared as a photo', 'input.contentType', MediaKind.PHOTO, 'application/pdf', pdf],
    ['a photo declared as an attachment', 'input.contentType', MediaKind.ATTACHMENT, 'image/png', png],
    ['a GIF', 'input.contentType', MediaKind.PHOTO, 'image/gif', ascii('GIF89a')],
    ['SVG (scripts in an image)', 'input.contentType', MediaKind.PHOTO, 'image/svg+xml', ascii('<svg/>')],
    ['a JPEG declared as PNG', 'input.contentBase64', MediaKind.PHOTO, 'image/png', jpeg],
    ['HTML declared as PDF', 'input.contentBase64', MediaKind.ATTACHMENT, 'application/pdf', ascii('<html>')],
  ])('refuses %s as UNSUPPORTED_MEDIA_TYPE naming %s', (_case, argument, kind, type, content) => {
    expect(refusal(() => decodeUpload(kind, type, base64(content)))).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', argument });
  });

  it('names the type it found when the content is another accepted type', () => {
    expect(refusal(() => decodeUpload(MediaKind.PHOTO, 'image/png', base64(jpeg)))).toMatchObject({ detected: 'image/jpeg' });
  });

  it.each([MediaKind.PHOTO, MediaKind.ATTACHMENT])('takes a %s of exactly the limit and refuses one byte more as PAYLOAD_TOO_LARGE', (kind) => {
    const type = kind === MediaKind.PHOTO ? 'image/png' : 'application/pdf';
    const head = kind === MediaKind.PHOTO ? png : pdf;
    const atLimit = Buffer.alloc(maxBytes[kind]);
    atLimit.set(head);
    expect(decodeUpload(kind, type, atLimit.toString('base64')).content.length).toBe(maxBytes[kind]);
    const over = Buffer.concat([atLimit, Buffer.from([0])]);
    expect(refusal(() => decodeUpload(kind, type, over.toString('base64')))).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      argument: 'input.contentBase64',
      limit: maxBytes[kind],
    });
  });

  it('refuses bad base64 and an empty file as BAD_USER_INPUT', () => {
    expect(refusal(() => decodeUpload(MediaKind.PHOTO, 'image/png', 'iVBO*w0K'))).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.contentBase64' });
    expect(refusal(() => decodeUpload(MediaKind.PHOTO, 'image/png', ''))).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.contentBase64' });
  });
});
