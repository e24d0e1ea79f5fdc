import { z } from 'zod';

/** How one municipality sends its mail. */
export interface MailSettings {
  /** The SMTP server: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  smtpUrl: string;
  /** The sender, e.g. `"Hansestadt Lüneburg – Kita" <kita@lueneburg.de>`. */
  from: string;
  /** The municipality's name in every mail. */
  municipalityName: string;
  /** The parent portal's base URL; links in mails point there. */
  portalUrl: string;
  /** The office's mailbox for its daily digest (counts only); none: no digest. */
  officeAddress?: string;
  /** First wait after a failed attempt; doubled per attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often the delivery looks for due mails. */
  intervalMs: number;
  /**
   * Late bounces (see bounce.ts): each mail's envelope sender is `bounce+<token>@<subgraph>.<bounceDomain>`
   * (`facility.…` for the providers' mail, `reservation.…` for families and office), the domains the
   * municipality's MX records point at the instances' bounce receivers. None: the envelope sender is `from`, no bounce is read.
   */
  bounceDomain?: string;
  /** Where this instance's bounce receiver (SMTP) listens; none: the instance receives no bounces (another one may). */
  bounceListen?: { host: string; port: number };
  /** Told the receiver's domain and URL once it listens (development: the mail catcher relays bounces there). */
  onBounceReceiver?: (domain: string, url: string) => void;
}

export const defaultMailTiming = { retryBaseMs: 5_000, retryMaxMs: 15 * 60_000, intervalMs: 2_000 };

/** An optional setting that a deployment may pass empty (compose `${X:-}`, an empty ConfigMap value): empty is unset. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A deployed instance's mail settings from its environment (see docs/operations.md). Unset SMTP_URL: no mail is queued or sent. */
export const mailEnvSchema = z.object({
  SMTP_URL: optional(z.string().refine((value) => /^smtps?:\/\//.test(value), 'must be an smtp:// or smtps:// URL')),
  MAIL_FROM: optional(z.string().min(3)),
  MUNICIPALITY_NAME: optional(z.string().min(2)),
  PORTAL_URL: optional(z.url('must be the parent portal URL')),
  OFFICE_MAIL: optional(z.email('must be an e-mail address')),
  BOUNCE_DOMAIN: optional(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name, e.g. bounces.kita.example.de')),
  BOUNCE_SMTP_PORT: optional(z.coerce.number().int().min(1).max(65_535)),
  BOUNCE_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  MAIL_RETRY_MAX_MS: z.coerce.number().int().min(1000).max(86_400_000).default(defaultMailTiming.retryMaxMs),
});
export type MailEnv = z.infer<typeof mailEnvSchema>;

export function mailSettingsOf(env: MailEnv): MailSettings | undefined {
  if (!env.SMTP_URL) return undefined;
  const name = env.MUNICIPALITY_NAME ?? 'Kita';
  return {
    ...defaultMailTiming,
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM ?? `"${name}" <kita@localhost>`,
    municipalityName: name,
    portalUrl: env.PORTAL_URL ?? 'http://localhost:5173',
    ...(env.OFFICE_MAIL ? { officeAddress: env.OFFICE_MAIL } : {}),
    retryMaxMs: env.MAIL_RETRY_MAX_MS,
    ...(env.BOUNCE_DOMAIN ? { bounceDomain: env.BOUNCE_DOMAIN.toLowerCase() } : {}),
    ...(env.BOUNCE_DOMAIN && env.BOUNCE_SMTP_PORT ? { bounceListen: { host: env.BOUNCE_SMTP_HOST, port: env.BOUNCE_SMTP_PORT } } : {}),
  };
}
