import type { EntityManager } from '@mikro-orm/postgresql';
import { addressHash } from './bounce.js';
import { isNotificationLanguage, type NotificationKind, requiredKinds } from './kinds.js';
import { MailStatus } from './mail.entity.js';
import type { MailParams } from './texts.js';

export interface QueuedMail {
  /** Stable per event (see `NotificationMailEntity.eventKey`). */
  eventKey: string;
  /** Account subject or `facility:<id>`. */
  recipient: string;
  kind: NotificationKind;
  address: string | null;
  /** The language when the recipient chose none. */
  language?: string | null;
  params: MailParams;
}

/**
 * Queues mails in the caller's transaction, each at most once per event and recipient (`insert …
 * on conflict do nothing` on the unique key): doing it again queues nothing. A mail without an
 * address, or of a kind its recipient switched off (unless required), is recorded as SKIPPED, so
 * the decision is made once too. A mail to an address that bounced permanently (see bounce.ts) is
 * SKIPPED with `ADDRESS_BOUNCED`, keeping the address for the office to follow up. Returns how many rows were new.
 */
export async function queueMails(em: EntityManager, mails: QueuedMail[], now: Date = new Date()): Promise<number> {
  if (mails.length === 0) return 0;
  const subjects = [...new Set(mails.map((mail) => mail.recipient))];
  const preferences = await em.execute<Array<{ subject: string; language: string | null; disabled_kinds: string[] }>>(
    `select subject, language, disabled_kinds from notification_preference where subject in (${subjects.map(() => '?').join(', ')})`,
    subjects,
  );
  const bySubject = new Map(preferences.map((row) => [row.subject, row]));
  const hashes = [...new Set(mails.flatMap((mail) => (mail.address ? [addressHash(mail.address)] : [])))];
  const suppressed = new Set(
    hashes.length
      ? (
          await em.execute<Array<{ address_hash: string }>>(
            `select address_hash from notification_suppression where address_hash in (${hashes.map(() => '?').join(', ')})`,
            hashes,
          )
        ).map((row) => row.address_hash)
      : [],
  );
  let queued = 0;
  for (const mail of mails) {
    const preference = bySubject.get(mail.recipient);
    const switchedOff = !requiredKinds.has(mail.kind) && (preference?.disabled_kinds ?? []).includes(mail.kind);
    const language = [preference?.language, mail.language].find(isNotificationLanguage) ?? 'de';
    const bounced = !!mail.address && suppressed.has(addressHash(mail.address));
    const status = !mail.address || switchedOff || bounced ? MailStatus.SKIPPED : MailStatus.PENDING;
    const reason = !mail.address ? 'NO_ADDRESS' : switchedOff ? 'SWITCHED_OFF' : bounced ? 'ADDRESS_BOUNCED' : null;
    const rows = await em.execute<Array<{ id: string }>>(
      `insert into notification_mail (id, event_key, recipient, kind, address, language, params, status, attempts, next_attempt_at, last_error, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) on conflict (event_key, recipient) do nothing returning id`,
      [
        mail.eventKey,
        mail.recipient,
        mail.kind,
        status === MailStatus.SKIPPED && !bounced ? null : mail.address,
        language,
        JSON.stringify(mail.params),
        status,
        now,
        reason,
        now,
      ],
    );
    queued += rows.length;
  }
  return queued;
}
