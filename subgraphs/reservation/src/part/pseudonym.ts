import { createHmac } from 'node:crypto';

/**
 * A name as people write it in different forms, folded to one spelling: lower case, letters
 * without diacritics (NFKD, marks dropped; ß as ss), trimmed, runs of white space (and `|`) as one space.
 * "  Jörg-Peter  " and "jorg-peter" fold alike; "Joerg" does not (a spelling, not a diacritic).
 */
export function normaliseName(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      // The field separator of the HMAC message is no letter: as a space it cannot shift a name into the next field.
      .replace(/[\s|]+/g, ' ')
      .trim()
  );
}

/**
 * The keyed pseudonym of a child: HMAC-SHA256 (hex) over `lastName|firstName|birthDate`, folded
 * by `normaliseName`, with the federation-wide key. Every municipality computes the same value for
 * the same child, so duplicates are recognised across facilities and municipalities without the
 * name ever leaving its municipality; without the key it cannot be reversed by trying names.
 */
export function childPseudonym(key: string, child: { firstName: string; lastName: string; birthDate: string }): string {
  const message = `${normaliseName(child.lastName)}|${normaliseName(child.firstName)}|${child.birthDate}`;
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}
