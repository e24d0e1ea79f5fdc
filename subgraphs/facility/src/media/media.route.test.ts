import { describe, expect, it } from 'vitest';
import { attachmentDisposition, matchesETag } from './media.route.js';

describe('attachmentDisposition', () => {
  it('gives a plain name as it is, twice', () => {
    expect(attachmentDisposition('Konzeption.pdf')).toBe(`attachment; filename="Konzeption.pdf"; filename*=UTF-8''Konzeption.pdf`);
  });

  it('keeps quotes, backslashes, line breaks and non-ASCII out of the quoted name and encodes the exact name', () => {
    const header = attachmentDisposition('Gebühren "2026"\\\r\n.pdf');
    expect(header).toBe(`attachment; filename="Geb_hren _2026____.pdf"; filename*=UTF-8''Geb%C3%BChren%20%222026%22%5C%0D%0A.pdf`);
    expect(header).not.toMatch(/[\r\n]/);
  });

  it('encodes the characters encodeURIComponent leaves that RFC 5987 does not allow', () => {
    expect(attachmentDisposition("it's (1)*.pdf")).toContain(`filename*=UTF-8''it%27s%20%281%29%2A.pdf`);
  });
});

describe('matchesETag', () => {
  const etag = '"abc"';
  it.each([
    ['the tag', '"abc"', true],
    ['the tag in a list', '"x", "abc"', true],
    ['the weak tag', 'W/"abc"', true],
    ['any tag', '*', true],
    ['another tag', '"abd"', false],
    ['no header', undefined, false],
  ])('%s → %s', (_case, header, expected) => {
    expect(matchesETag(header, etag)).toBe(expected);
  });
});
