import { describe, expect, it } from 'vitest';
import { addressHash, bounceAddress, bounceTokenOf, parseDsn } from './bounce.js';
import { checkedPreference } from './preferences.js';

const dsn = (perRecipient: string[]) =>
  [
    'From: MAILER-DAEMON@mx.example.org',
    'To: <bounce+0123456789abcdef01234567@reservation.bounces.example.de>',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Sorry.',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    'Arrival-Date: Thu, 3 Dec 2026 10:00:00 +0100',
    '',
    ...perRecipient,
    '--b--',
    '',
  ].join('\r\n');

describe('late bounces: the VERP address and the DSN', () => {
  it('reads the token of its own domain only, in any case', () => {
    const token = '0123456789abcdef01234567';
    expect(bounceAddress(token, 'reservation.bounces.example.de')).toBe(`bounce+${token}@reservation.bounces.example.de`);
    expect(bounceTokenOf(`BOUNCE+${token.toUpperCase()}@Reservation.Bounces.Example.de`, 'reservation.bounces.example.de')).toBe(token);
    expect(bounceTokenOf(`bounce+${token}@facility.bounces.example.de`, 'reservation.bounces.example.de')).toBeUndefined();
    expect(bounceTokenOf('bounce+123@reservation.bounces.example.de', 'reservation.bounces.example.de')).toBeUndefined();
    expect(bounceTokenOf('postmaster@reservation.bounces.example.de', 'reservation.bounces.example.de')).toBeUndefined();
  });

  it('reads each recipient’s action and status code (folded fields too), with mailparser', async () => {
    const statuses = await parseDsn(
      dsn([
        'Final-Recipient: rfc822; a@example.org',
        'Action: failed',
        'Status: 5.1.1 (bad destination mailbox address)',
        'Diagnostic-Code: smtp; 550 5.1.1',
        '  user unknown',
        '',
        'Final-Recipient: rfc822; b@example.org',
        'Action: delayed',
        'Status: 4.4.1',
        '',
      ]),
    );
    expect(statuses).toEqual([
      { action: 'failed', status: '5.1.1' },
      { action: 'delayed', status: '4.4.1' },
    ]);
  });

  it('finds no DSN in an ordinary mail (an auto-reply)', async () => {
    expect(await parseDsn('From: a@example.org\r\nSubject: Out of office\r\n\r\nBack on Monday.\r\n')).toBeUndefined();
  });

  it('keeps a suppressed address as a hash, the same whatever the case', () => {
    expect(addressHash(' Gibt.Es.Nicht@Example.org')).toBe(addressHash('gibt.es.nicht@example.org'));
    expect(addressHash('gibt.es.nicht@example.org')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a recipient’s choice, checked against its role', () => {
  it('takes a facility’s language and switchable kinds, sorted, once', () => {
    expect(checkedPreference('provider', 'uk', ['PERMIT_EXPIRING', 'NEW_RESERVATION', 'NEW_RESERVATION'] as never)).toEqual({
      language: 'uk',
      disabledKinds: ['NEW_RESERVATION', 'PERMIT_EXPIRING'],
    });
  });

  it.each([
    ['provider', 'de', ['PERMIT_LAPSED']],
    ['provider', 'de', ['OFFER_MADE']],
    ['office', 'de', ['RESERVATION_RECEIVED']],
    ['family', 'de', ['ZUSAGE_CONFIRMED']],
    ['family', 'fr', []],
  ] as const)('refuses %s %s %j with BAD_USER_INPUT', (role, language, kinds) => {
    expect(() => checkedPreference(role, language, [...kinds] as never)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });
});
