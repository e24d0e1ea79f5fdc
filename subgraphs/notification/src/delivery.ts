import { type BackgroundJob, backgroundWork, type Database, type Logger } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import nodemailer, { type Transporter } from 'nodemailer';
import { addressHash, bounceAddress, newBounceToken } from './bounce.js';
import { isNotificationLanguage, NotificationKind } from './kinds.js';
import type { MailSettings } from './settings.js';
import { type MailParams, renderMail } from './texts.js';

export interface MailDeliveryOptions {
  database: Database;
  settings: MailSettings;
  /** The municipality key, for the Message-ID's domain part. */
  municipality: string;
  /** The envelope senders' domain (`bounce+<token>@<bounceDomain>`); none: the envelope sender is `from`. */
  bounceDomain?: string;
  logger: Logger;
  /** The clock (tests move it); defaults to the real one. */
  now?: () => Date;
}

interface DueRow {
  id: string;
  kind: string;
  address: string;
  language: string;
  params: MailParams;
  attempts: number;
  bounce_token: string | null;
}

/** The server refused the recipient (5xx to RCPT or the message): trying again will not help. */
function refusedCode(error: unknown): string | undefined {
  const { responseCode, code, command } = error as { responseCode?: number; code?: string; command?: string };
  if (
    code === 'EENVELOPE' ||
    (typeof responseCode === 'number' &&
      responseCode >= 500 &&
      responseCode < 600 &&
      command !== 'CONN' &&
      command !== 'AUTH PLAIN' &&
      command !== 'AUTH LOGIN')
  )
    return responseCode ? String(responseCode) : (code ?? 'REFUSED');
  return undefined;
}

/** Days a delivered, refused or skipped mail keeps its address and parameters (the office follows up refused ones within them). */
export const keepDays = 30;

/**
 * Sends the queued mails of one database (`notification_mail`) through nodemailer to the
 * municipality's SMTP server. Each due mail is locked (`for update skip locked`), sent and marked
 * SENT in one transaction, so one replica's send is the only one. When the server is down (no
 * connection, 4xx) the mail waits `retryBaseMs · 2^attempts` (at most `retryMaxMs`) and the round
 * ends: nothing is lost, the row stays PENDING across restarts. A refused address (5xx) is
 * REFUSED with the SMTP code, shown to the office. Logs carry IDs and codes, never addresses or texts.
 *
 * At most once: the row's status commits with the send. If the process dies between the server's
 * acceptance and the commit, the mail goes again once, with the same Message-ID (derived from the
 * row), so a mail client shows it once. After `keepDays` a mail that is done keeps only its
 * idempotency record (event, recipient, kind, status), not the address or the text's parameters.
 */
export function startMailDelivery(options: MailDeliveryOptions): BackgroundJob {
  const { database, settings, logger } = options;
  const now = options.now ?? (() => new Date());
  const transport: Transporter = nodemailer.createTransport(settings.smtpUrl, { from: settings.from });
  const domain = `${options.municipality}.kita-federation.invalid`;

  /** Sends one due mail; false when none is due or the server is down (end of round). */
  async function sendOne(): Promise<boolean> {
    const em = database.orm.em.fork(backgroundWork) as EntityManager;
    return em.transactional(async (tx) => {
      const [row] = await tx.execute<DueRow[]>(
        `select id, kind, address, language, params, attempts, bounce_token from notification_mail where status = 'PENDING' and next_attempt_at <= ? order by next_attempt_at, id limit 1 for update skip locked`,
        [now()],
      );
      if (!row) return false;
      // An address that bounced permanently after this mail was queued: not attempted (the office sees it).
      const [suppressed] = await tx.execute(`select 1 from notification_suppression where address_hash = ?`, [addressHash(row.address)]);
      if (suppressed) {
        await tx.execute(`update notification_mail set status = 'SKIPPED', last_error = 'ADDRESS_BOUNCED' where id = ?`, [row.id]);
        return true;
      }
      const kind = row.kind as NotificationKind;
      if (!Object.values(NotificationKind).includes(kind)) {
        await tx.execute(`update notification_mail set status = 'SKIPPED', address = null, last_error = 'UNKNOWN_KIND' where id = ?`, [row.id]);
        return true;
      }
      const language = isNotificationLanguage(row.language) ? row.language : 'de';
      const mail = renderMail(kind, language, row.params, settings.municipalityName);
      // The envelope sender names this mail (VERP): a later DSN finds it by the token, stored with SENT.
      const token = options.bounceDomain ? (row.bounce_token ?? newBounceToken()) : null;
      try {
        await transport.sendMail({
          ...(token && options.bounceDomain ? { envelope: { from: bounceAddress(token, options.bounceDomain), to: row.address } } : {}),
          to: row.address,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${row.id}@${domain}>`,
          headers: { 'Content-Language': language, 'X-Kita-Notification': kind },
        });
      } catch (error) {
        const refused = refusedCode(error);
        const code = refused ?? (error as { code?: string }).code ?? 'SEND_FAILED';
        if (refused) {
          await tx.execute(`update notification_mail set status = 'REFUSED', attempts = attempts + 1, last_error = ? where id = ?`, [code, row.id]);
          logger.warn('mail_refused', { mail: row.id, kind, smtpCode: code });
          return true;
        }
        const waitMs = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** row.attempts);
        await tx.execute(`update notification_mail set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?`, [
          code,
          new Date(now().getTime() + waitMs),
          row.id,
        ]);
        logger.warn('mail_server_unavailable', { mail: row.id, code, attempts: row.attempts + 1, retryInMs: waitMs });
        return false;
      }
      await tx.execute(`update notification_mail set status = 'SENT', attempts = attempts + 1, last_error = null, sent_at = ?, bounce_token = ? where id = ?`, [
        now(),
        token,
        row.id,
      ]);
      return true;
    });
  }

  /** Personal data of mails that are done (address, first name, facility, reason) is kept `keepDays`; the idempotency record stays. */
  let scrubbedAt = 0;
  async function scrub(): Promise<void> {
    if (now().getTime() - scrubbedAt < 60 * 60 * 1000) return;
    scrubbedAt = now().getTime();
    const em = database.orm.em.fork(backgroundWork) as EntityManager;
    await em.execute(
      `update notification_mail set address = null, params = '{}' where status <> 'PENDING' and created_at < ? and (address is not null or params <> '{}'::jsonb)`,
      [new Date(now().getTime() - keepDays * 24 * 60 * 60 * 1000)],
    );
  }

  async function round(): Promise<number> {
    let sent = 0;
    while (await sendOne()) sent++;
    await scrub();
    return sent;
  }

  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = (): Promise<number> => {
    const next = chain.then(round, round);
    chain = next.catch((error) => logger.error('mail_delivery_failed', { kind: (error as Error)?.name }));
    return next;
  };
  const timer = setInterval(() => {
    if (!stopped) void run().catch(() => {});
  }, settings.intervalMs);
  timer.unref();
  void run().catch(() => {});
  return {
    catchUp: () => run(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
      transport.close();
    },
  };
}
