import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MediaKind } from './media.entity.js';
import { type MediaInput, validateMediaInput } from './media.input.js';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pdf = Buffer.from('%PDF-1.7\n');
const photo: MediaInput = {
  kind: MediaKind.PHOTO,
  fileName: 'garten.png',
  contentType: 'image/png',
  contentBase64: png.toString('base64'),
  altText: 'Kinder spielen im Sandkasten',
  caption: 'Unser Garten',
};
const attachment: MediaInput = {
  kind: MediaKind.ATTACHMENT,
  fileName: 'Konzeption 2026.pdf',
  contentType: 'application/pdf',
  contentBase64: pdf.toString('base64'),
};

const refusal = (input: MediaInput) => {
  try {
    validateMediaInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions;
  }
  throw new Error('expected the input to be refused');
};

describe('validateMediaInput', () => {
  it('returns the decoded upload with trimmed texts', () => {
    expect(validateMediaInput({ ...photo, altText: '  Kinder im Garten ', caption: ' Sommerfest ' })).toEqual({
      kind: MediaKind.PHOTO,
      fileName: 'garten.png',
      contentType: 'image/png',
      content: png,
      altText: 'Kinder im Garten',
      caption: 'Sommerfest',
    });
  });

  it.each([
    ['an attachment without alt text or caption', attachment],
    ['an attachment with alt text', { ...attachment, altText: 'Pädagogische Konzeption' }],
    ['a file name of 200 characters with umlauts and spaces', { ...attachment, fileName: `${'Ü'.repeat(196)}.pdf` }],
    ['alt text of exactly 3 and a caption of exactly 500 characters', { ...photo, altText: 'Hof', caption: 'x'.repeat(500) }],
  ])('accepts %s', (_case, input) => {
    expect(() => validateMediaInput(input)).not.toThrow();
  });

  it('stores an empty caption as none and an attachment without alt text as empty alt text', () => {
    expect(validateMediaInput({ ...attachment, caption: '   ' })).toMatchObject({ caption: null, altText: '' });
  });

  it.each([
    ['an empty file name', { ...photo, fileName: '' }, 'input.fileName'],
    ['a file name of 201 characters', { ...photo, fileName: `${'a'.repeat(197)}.png` }, 'input.fileName'],
    ['a path', { ...photo, fileName: '../../etc/passwd' }, 'input.fileName'],
    ['a Windows path', { ...photo, fileName: 'C:\\fotos\\garten.png' }, 'input.fileName'],
    ['a header injection', { ...photo, fileName: 'a.png"\r\nSet-Cookie: x=1' }, 'input.fileName'],
    ['a file name of dots', { ...photo, fileName: '..' }, 'input.fileName'],
    ['a photo without alt text', { ...photo, altText: null }, 'input.altText'],
    ['a photo with blank alt text', { ...photo, altText: '   ' }, 'input.altText'],
    ['alt text of 2 characters', { ...photo, altText: 'ab' }, 'input.altText'],
    ['alt text of 301 characters', { ...photo, altText: 'a'.repeat(301) }, 'input.altText'],
    ['an attachment with alt text too short', { ...attachment, altText: 'x' }, 'input.altText'],
    ['a caption of 501 characters', { ...photo, caption: 'x'.repeat(501) }, 'input.caption'],
  ])('refuses %s as BAD_USER_INPUT naming %s', (_case, input, argument) => {
    expect(refusal(input)).toEqual({ code: 'BAD_USER_INPUT', argument });
  });
});
