import { describe, expect, it } from 'vitest';
import { childPseudonym, normaliseName } from './pseudonym.js';

const key = 'a-test-key-that-is-long-enough-for-hmac-256';

describe('normaliseName', () => {
  it.each([
    ['  Jörg-Peter  ', 'jorg-peter'],
    ['ANNA   Lena', 'anna lena'],
    ['Strauß', 'strauss'],
    ['Zoë\tÇelik', 'zoe celik'],
    ['ﬁne', 'fine'], // a compatibility ligature (NFKD)
  ])('folds %j to %j', (name, folded) => {
    expect(normaliseName(name)).toBe(folded);
  });
});

describe('childPseudonym', () => {
  const child = { firstName: 'Mila', lastName: 'Schröder', birthDate: '2025-03-14' };

  it('is the same for spellings that differ only in case, diacritics and spaces', () => {
    expect(childPseudonym(key, { firstName: ' mila ', lastName: 'SCHRODER', birthDate: '2025-03-14' })).toBe(childPseudonym(key, child));
  });

  it('differs for another birth date, another name or another key', () => {
    const base = childPseudonym(key, child);
    expect(childPseudonym(key, { ...child, birthDate: '2025-03-15' })).not.toBe(base);
    expect(childPseudonym(key, { ...child, firstName: 'Mira' })).not.toBe(base);
    expect(childPseudonym(`${key}-other`, child)).not.toBe(base);
  });

  it('keeps first and last name apart', () => {
    expect(childPseudonym(key, { firstName: 'a|b', lastName: 'c', birthDate: '2025-01-01' })).not.toBe(
      childPseudonym(key, { firstName: 'b', lastName: 'c|a', birthDate: '2025-01-01' }),
    );
  });

  it('holds nothing of the name in clear', () => {
    const pseudonym = childPseudonym(key, child);
    expect(pseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonym).not.toContain('mila');
  });
});
