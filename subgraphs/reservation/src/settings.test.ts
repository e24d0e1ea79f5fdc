import { ConfigError } from '@kita/shared';
import { describe, expect, it } from 'vitest';
import { defaultReservationSettings, reservationSettingsFrom } from './settings.js';

describe('reservationSettingsFrom', () => {
  it('defaults to 5 choices, offers 14 to 28 days ahead and a retention of 365 days', () => {
    expect(reservationSettingsFrom({})).toEqual(defaultReservationSettings);
    expect(defaultReservationSettings).toMatchObject({ maxChoices: 5, offerDeadlineDays: { min: 14, max: 28 }, retentionDays: 365 });
  });

  it('takes what a municipality configures', () => {
    expect(
      reservationSettingsFrom({ RESERVATION_MAX_CHOICES: '12', OFFER_DEADLINE_MIN_DAYS: '7', OFFER_DEADLINE_MAX_DAYS: '21', RETENTION_DAYS: '730' }),
    ).toMatchObject({
      maxChoices: 12,
      offerDeadlineDays: { min: 7, max: 21 },
      retentionDays: 730,
    });
  });

  it('refuses a deadline window that ends before it begins', () => {
    expect(() => reservationSettingsFrom({ OFFER_DEADLINE_MIN_DAYS: '30', OFFER_DEADLINE_MAX_DAYS: '20' })).toThrow(ConfigError);
  });
});
