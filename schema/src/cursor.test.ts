import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

function errorOf(action: () => unknown): GraphQLError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a GraphQLError');
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips the sort key of the last row', () => {
    const position = ['Kita Sonnenschein', 42, null, '2026-08-01', { nested: true }];

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('round-trips non-ASCII text', () => {
    const position = ['Kindertagespflege Müller-Lüdenscheidt', 'ß'];

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('produces a URL-safe opaque string', () => {
    const cursor = encodeCursor(['??>>~~', 'ÿÿÿ']);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('??>>');
  });

  it.each([
    ['garbage', 'this is not a cursor'],
    ['an empty string', ''],
    ['base64url of non-JSON text', Buffer.from('not json', 'utf8').toString('base64url')],
    ['base64url of a JSON object', Buffer.from('{"offset":10}', 'utf8').toString('base64url')],
    ['base64url of a JSON number', Buffer.from('10', 'utf8').toString('base64url')],
    ['base64url of JSON null', Buffer.from('null', 'utf8').toString('base64url')],
    ['base64url of a JSON string', Buffer.from('"abc"', 'utf8').toString('base64url')],
    ['plain JSON that was never base64 encoded', '["Kita",1]'],
    ['non-base64 characters', '%%%***!!!'],
  ])('rejects %s as BAD_USER_INPUT', (_case, cursor) => {
    const error = errorOf(() => decodeCursor(cursor));

    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.argument).toBe('after');
    expect(error.message).toContain('"after"');
  });

  it('names the argument it was given', () => {
    const error = errorOf(() => decodeCursor('nonsense', 'before'));

    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'before' });
    expect(error.message).toContain('"before"');
  });
});
