import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * A development-only pseudonym key, refused in production; it exists so that `npm start` and the
 * tests need no setup. Pseudonyms made with it are worthless outside them.
 */
export const developmentPseudonymKey = 'kita-federation-development-pseudonym-key-do-not-use-in-production';

/** The federation-wide key of keyed pseudonyms (HMAC-SHA256); the same in every municipality, so the same child gets the same pseudonym. */
export const pseudonymEnvSchema = z.object({
  PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
});

/** What production refuses of a pseudonym key (its length is the schema's); outside production a missing key is the development one. */
export function productionPseudonymKeyProblem(key: string | undefined, production: boolean): string | undefined {
  if (!production) return undefined;
  if (!key) return 'PSEUDONYM_KEY: production needs its own pseudonym key (at least 32 characters, the same in every municipality)';
  if (key === developmentPseudonymKey) return 'PSEUDONYM_KEY: the development key is refused in production';
  return undefined;
}

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
