import { describe, expect, it } from 'vitest';
import { mailEnvSchema, mailSettingsOf } from './settings.js';

describe('mail settings from the environment', () => {
  it('sends nothing without SMTP_URL, also when a deployment passes it empty', () => {
    expect(mailSettingsOf(mailEnvSchema.parse({}))).toBeUndefined();
    expect(mailSettingsOf(mailEnvSchema.parse({ SMTP_URL: '', MAIL_FROM: '', MUNICIPALITY_NAME: '', PORTAL_URL: '', OFFICE_MAIL: '' }))).toBeUndefined();
  });

  it('takes the municipality’s server, sender, name, portal and office mailbox', () => {
    const settings = mailSettingsOf(
      mailEnvSchema.parse({
        SMTP_URL: 'smtp://mailer:secret@mail.lueneburg.example:587',
        MAIL_FROM: '"Hansestadt Lüneburg – Kita" <kita@lueneburg.example>',
        MUNICIPALITY_NAME: 'Hansestadt Lüneburg',
        PORTAL_URL: 'https://kita.lueneburg.example',
        OFFICE_MAIL: 'jugendamt@lueneburg.example',
      }),
    );
    expect(settings).toMatchObject({
      smtpUrl: 'smtp://mailer:secret@mail.lueneburg.example:587',
      from: '"Hansestadt Lüneburg – Kita" <kita@lueneburg.example>',
      municipalityName: 'Hansestadt Lüneburg',
      portalUrl: 'https://kita.lueneburg.example',
      officeAddress: 'jugendamt@lueneburg.example',
    });
  });

  it('takes the bounce domain, and the bounce receiver’s port when given', () => {
    const base = { SMTP_URL: 'smtp://mail.example:25' };
    expect(mailSettingsOf(mailEnvSchema.parse({ ...base, BOUNCE_DOMAIN: 'Bounces.Kita.Lueneburg.example' }))).toMatchObject({
      bounceDomain: 'bounces.kita.lueneburg.example',
    });
    expect(mailSettingsOf(mailEnvSchema.parse({ ...base, BOUNCE_DOMAIN: 'bounces.kita.lueneburg.example' }))?.bounceListen).toBeUndefined();
    expect(mailSettingsOf(mailEnvSchema.parse({ ...base, BOUNCE_DOMAIN: 'bounces.kita.lueneburg.example', BOUNCE_SMTP_PORT: '2526' }))?.bounceListen).toEqual({
      host: '0.0.0.0',
      port: 2526,
    });
    expect(mailSettingsOf(mailEnvSchema.parse({ ...base, BOUNCE_DOMAIN: '', BOUNCE_SMTP_PORT: '' }))?.bounceDomain).toBeUndefined();
    expect(mailEnvSchema.safeParse({ ...base, BOUNCE_DOMAIN: 'bounce+x@example.org' }).success).toBe(false);
  });

  it('refuses a server that is not an SMTP URL', () => {
    expect(mailEnvSchema.safeParse({ SMTP_URL: 'http://mail.example' }).success).toBe(false);
  });
});
