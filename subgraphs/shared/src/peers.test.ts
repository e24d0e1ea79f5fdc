import { describe, expect, it } from 'vitest';
import { parsePeers } from './module.js';
import { reusedToken } from './auth.js';

describe('RESERVATION_PEERS', () => {
  it('reads <ags>=<url> pairs separated by commas; empty is none', () => {
    expect(parsePeers(undefined)).toEqual([]);
    expect(parsePeers(' ')).toEqual([]);
    expect(parsePeers('03355=http://reservation-03355:4003/graphql, 03355022=http://r.example/graphql')).toEqual([
      { municipality: '03355', url: 'http://reservation-03355:4003/graphql' },
      { municipality: '03355022', url: 'http://r.example/graphql' },
    ]);
  });

  it('refuses malformed entries', () => {
    expect(() => parsePeers('03355')).toThrow();
    expect(() => parsePeers('0335=http://x/graphql')).toThrow();
    expect(() => parsePeers('03355=not a url')).toThrow();
  });
});

describe('reusedToken', () => {
  it('signs once while the token is fresh, and again after a failure', async () => {
    let signed = 0;
    const token = reusedToken(async () => `t${++signed}`, 60_000);
    expect(await token()).toBe('t1');
    expect(await token()).toBe('t1');
    let fail = true;
    const flaky = reusedToken(async () => {
      if (fail) throw new Error('no key');
      return 'ok';
    });
    await expect(flaky()).rejects.toThrow('no key');
    fail = false;
    expect(await flaky()).toBe('ok');
  });
});
