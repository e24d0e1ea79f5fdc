import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { backgroundWork, type Database, type Logger } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Late bounces. Every mail goes out with its own envelope sender (VERP), `bounce+<token>@<domain>`,
 * where the token is random per mail (never derived from the Message-ID the recipient sees). A
 * mail server that accepted the mail and fails later sends its delivery status notification (DSN,
 * RFC 3464) there; the municipality's bounce receiver (`startBounceReceiver`, an SMTP endpoint
 * its MX for the bounce domain points at) finds the mail by the token and marks it BOUNCED with
 * the DSN's status code. A permanent failure (5.x.x) also suppresses the address: no further
 * mail to it is attempted until the recipient's address changes. An unknown or forged token
 * changes nothing.
 */

/** A new bounce token: 24 hex digits (96 random bits; lower case survives servers that fold the local part). */
export const newBounceToken = () => randomBytes(12).toString('hex');

/** The envelope sender of one mail. */
export const bounceAddress = (token: string, domain: string) => `bounce+${token}@${domain}`;

/** The token of a bounce address of this domain; undefined for any other address. */
export function bounceTokenOf(address: string, domain: string): string | undefined {
  const match = /^bounce\+([0-9a-f]{24})@(.+)$/i.exec(address.trim());
  if (!match || match[2].toLowerCase() !== domain.toLowerCase()) return undefined;
  return match[1].toLowerCase();
}

/** A suppressed address is kept as its hash only (lower-cased), so the list holds no readable address. */
export const addressHash = (address: string) => createHash('sha256').update(address.trim().toLowerCase()).digest('hex');

/** What a DSN says about one recipient (RFC 3464 per-recipient fields). */
export interface DeliveryStatus {
  action: string;
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string;
}

/**
 * The failed recipients of a DSN, read with mailparser: its `message/delivery-status` part, whose
 * blocks are header fields (per message, then per recipient). Undefined when the message is no DSN.
 */
export async function parseDsn(raw: Buffer | string): Promise<DeliveryStatus[] | undefined> {
  // keepDeliveryStatus (mailparser ≥ 3.7) keeps the report as an attachment; the types do not name it yet.
  const parsed: ParsedMail = await simpleParser(raw, { keepDeliveryStatus: true } as Parameters<typeof simpleParser>[1]);
  const report = parsed.attachments.find((part) => part.contentType.toLowerCase() === 'message/delivery-status');
  if (!report) return undefined;
  const blocks = report.content
    .toString('utf8')
    .split(/\r?\n\s*\r?\n/)
    .filter((block) => block.trim());
  const statuses: DeliveryStatus[] = [];
  // The first block is the per-message part; each further one describes a recipient.
  for (const block of blocks.slice(1)) {
    const fields = (await simpleParser(`${block.trim()}\r\n\r\n`)).headers;
    const action = String(fields.get('action') ?? '')
      .trim()
      .toLowerCase();
    const status = /\d\.\d{1,3}\.\d{1,3}/.exec(String(fields.get('status') ?? ''))?.[0];
    if (action && status) statuses.push({ action, status });
  }
  return statuses;
}

/** What a processed bounce changed. */
export type BounceOutcome = 'BOUNCED' | 'NOT_A_FAILURE' | 'UNKNOWN_TOKEN' | 'NOT_A_DSN';

/**
 * Applies a DSN for the mail with this token: the first failed recipient's status code goes to
 * the mail (status BOUNCED, `last_error` e.g. `5.1.1`); a permanent failure suppresses its address.
 * `delayed`, `delivered`, `relayed` and `expanded` reports change nothing, nor does an unknown token.
 */
export async function applyBounce(em: EntityManager, token: string, statuses: DeliveryStatus[], now: Date = new Date()): Promise<BounceOutcome> {
  const failed = statuses.find((status) => status.action === 'failed');
  if (!failed) return 'NOT_A_FAILURE';
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<Array<{ id: string; address: string | null }>>(
      `select id, address from notification_mail where bounce_token = ? and status in ('SENT', 'BOUNCED') for update`,
      [token],
    );
    if (!row) return 'UNKNOWN_TOKEN';
    await tx.execute(`update notification_mail set status = 'BOUNCED', last_error = ?, bounced_at = ? where id = ?`, [failed.status, now, row.id]);
    if (failed.status.startsWith('5.') && row.address) {
      await tx.execute(
        `insert into notification_suppression (address_hash, status_code, created_at) values (?, ?, ?)
         on conflict (address_hash) do update set status_code = excluded.status_code, created_at = excluded.created_at`,
        [addressHash(row.address), failed.status, now],
      );
    }
    return 'BOUNCED';
  });
}

/** A DSN is small: larger messages are refused (552), not kept in memory. */
const maxDsnBytes = 1024 * 1024;

export interface BounceReceiverOptions {
  database: Database;
  /** The bounce domain this receiver accepts `bounce+<token>@…` for; other recipients are refused (550). */
  domain: string;
  host: string;
  /** 0: any free port (development, tests). */
  port: number;
  logger: Logger;
  now?: () => Date;
}

export interface BounceReceiver {
  /** `smtp://host:port`, where DSNs for `domain` are delivered. */
  url: string;
  close(): Promise<void>;
}

/**
 * The municipality's bounce endpoint for one sending instance: an SMTP server (smtp-server) that
 * takes DSNs for `bounce+<token>@<domain>`, parses them (mailparser) and applies them. It accepts
 * a DSN it cannot use (unknown token, no DSN) and drops it, so a remote server does not retry; it
 * logs the outcome and the mail's ID, never an address. No AUTH: an MX receives from anyone; TLS
 * belongs to the MX in front of it.
 */
export async function startBounceReceiver(options: BounceReceiverOptions): Promise<BounceReceiver> {
  const { database, domain, logger } = options;
  const now = options.now ?? (() => new Date());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'kita-federation bounces',
    logger: false,
    size: maxDsnBytes,
    onRcptTo(address, _session, callback) {
      if (!bounceTokenOf(address.address, domain)) return callback(Object.assign(new Error('no such bounce address'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= maxDsnBytes) chunks.push(chunk);
      });
      stream.on('error', callback);
      stream.on('end', () => {
        if (bytes > maxDsnBytes) return callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
        const raw = Buffer.concat(chunks);
        const tokens = session.envelope.rcptTo.flatMap((rcpt) => bounceTokenOf(rcpt.address, domain) ?? []);
        (async () => {
          const statuses = await parseDsn(raw);
          for (const token of tokens) {
            const outcome = statuses ? await applyBounce(database.orm.em.fork(backgroundWork) as EntityManager, token, statuses, now()) : 'NOT_A_DSN';
            logger.info('mail_bounce', { outcome });
          }
        })().then(
          () => callback(),
          (error: Error) => {
            logger.error('mail_bounce_failed', { kind: error?.name });
            callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) connection.close();
      }),
  };
}
