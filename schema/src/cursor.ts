import { badInput } from './errors.js';

/** Opaque pagination cursors: base64url JSON of the sort key of the last row. */
export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, argument = 'after'): unknown[] {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(position)) return position;
  } catch {
    // fall through to the client error below
  }
  throw badInput(`"${argument}" is not a cursor returned by this API.`, { argument });
}
