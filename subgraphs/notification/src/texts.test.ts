import { describe, expect, it } from 'vitest';
import { NotificationKind, notificationLanguages } from './kinds.js';
import { renderMail } from './texts.js';

const params = {
  firstName: 'Mila',
  facility: 'Kita Am Sande',
  start: '2027-08-01',
  deadline: '2027-03-15',
  link: 'https://kita.example/reservations',
  reason: 'Öffnungszeiten <fehlen>',
};

describe('mail texts', () => {
  it.each(notificationLanguages)('has every kind in %s, plain and HTML, with the municipality and nothing left unfilled', (language) => {
    for (const kind of Object.values(NotificationKind)) {
      const mail = renderMail(kind, language, params, 'Hansestadt Lüneburg');
      expect(mail.subject).toContain('Hansestadt Lüneburg');
      expect(mail.text).toContain('Hansestadt Lüneburg');
      expect(mail.html).toContain(`lang="${language}"`);
      expect(`${mail.subject}${mail.text}${mail.html}`).not.toMatch(/undefined|null|\[object/);
      expect(mail.html).not.toContain('<fehlen>');
    }
  });

  it('says the facility, start, deadline and link of an offer, dates in the language', () => {
    const mail = renderMail(NotificationKind.OFFER_MADE, 'de', params, 'Hansestadt Lüneburg');
    expect(mail.subject).toBe('Hansestadt Lüneburg: Angebot eines Platzes');
    expect(mail.text).toContain('für Mila wird ein Platz angeboten: Kita Am Sande, ab 1. August 2027.');
    expect(mail.text).toContain('Bitte antworten Sie bis 15. März 2027');
    expect(mail.text).toContain('https://kita.example/reservations');
    expect(renderMail(NotificationKind.OFFER_MADE, 'ar', params, 'Hansestadt Lüneburg').html).toContain('dir="rtl"');
  });

  it('says less, never a placeholder, when a detail is missing', () => {
    const mail = renderMail(NotificationKind.OFFER_LAPSED, 'en', {}, 'Landkreis Lüneburg');
    expect(mail.text).toContain('the offer for your child (the facility) lapsed');
  });
});
