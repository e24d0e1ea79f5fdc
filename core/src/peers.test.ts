import { describe, expect, it } from 'vitest';
import { reusedToken } from './auth.js';

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
