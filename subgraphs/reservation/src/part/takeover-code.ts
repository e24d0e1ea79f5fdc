import { createHmac, randomBytes } from 'node:crypto';

/**
 * One-time take-over codes: the office hands one to a family whose Vormerkung it filed, the family
 * enters it in the portal once. 12 characters from 32 that cannot be mistaken for each other (no
 * 0/O, 1/I), shown in three groups of four (`K7QM-R2XD-HWZ9`): 60 bits, far beyond guessing within
 * the attempt limit. Stored only as an HMAC with the federation's pseudonym key, so a copy of the
 * database does not give the codes away.
 */
export const takeoverAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const takeoverLimits = {
  /** Characters of a code, without the separators. */
  length: 12,
  /** How long a code can be used. */
  validDays: 180,
  /** Wrong codes one parent account may try per municipality in `windowHours`; then RATE_LIMITED. */
  attempts: 10,
  windowHours: 24,
} as const;

/** A fresh code, as shown to the family once. */
export function newTakeoverCode(): string {
  // 256 is a multiple of 32: every character is equally likely.
  const characters = [...randomBytes(takeoverLimits.length)].map((byte) => takeoverAlphabet[byte % takeoverAlphabet.length]);
  return [0, 4, 8].map((start) => characters.slice(start, start + 4).join('')).join('-');
}

/** The code as typed, folded (case, spaces, dashes); null when it cannot be a code at all. */
export function normaliseTakeoverCode(typed: string): string | null {
  if (typed.length > 64) return null;
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== takeoverLimits.length || [...code].some((character) => !takeoverAlphabet.includes(character))) return null;
  return code;
}

/** What is stored of a (normalised) code. */
export function takeoverCodeHash(key: string, code: string): string {
  return createHmac('sha256', key).update(`takeover-code|${code}`, 'utf8').digest('hex');
}
