import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultMailTiming, type MailSettings } from '@kita/notification';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { municipalityInfo } from './demo-data.js';

/** A mail the catcher kept. */
export interface CaughtMail {
  id: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  language: string;
  kind: string;
  /** The envelope sender (`MAIL FROM`): a mail's VERP bounce address, empty for a DSN. */
  envelopeFrom: string;
  receivedAt: string;
}

export interface MailCatcher {
  /** Where instances send: `smtp://127.0.0.1:<port>`. */
  smtpUrl: string;
  /** The web page listing the mails (and `/messages.json`). */
  webUrl: string;
  messages(): CaughtMail[];
  /** Refuses these recipients with 550 (tests: a refused address). */
  refuse(address: string): void;
  /**
   * Relays every mail to `…@<domain>` to that SMTP server instead of keeping it: the catcher acts as
   * the MX of a municipality's bounce domain (development: the instances' bounce receivers).
   */
  routeBounces(domain: string, smtpUrl: string): void;
  /** Stops accepting connections (a mail server that is down) until `start`; the port is kept. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(mails: CaughtMail[]): string {
  const rows = [...mails]
    .reverse()
    .map(
      (
        mail,
      ) => `<details><summary><b>${escapeHtml(mail.subject)}</b> — to ${escapeHtml(mail.to.join(', '))} — from ${escapeHtml(mail.from)} — ${escapeHtml(mail.receivedAt)} (${escapeHtml(mail.language)})</summary>
<iframe sandbox="" style="width:100%;height:20em;border:1px solid #ccc" srcdoc="${escapeHtml(mail.html)}"></iframe>
<pre style="white-space:pre-wrap">${escapeHtml(mail.text)}</pre></details>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo mails</title><meta http-equiv="refresh" content="10"></head>
<body style="font-family:sans-serif;max-width:60em;margin:1em auto"><h1>Demo mails (${mails.length})</h1>
<p>Every mail the municipalities of <code>npm start</code> sent, newest first, and every bounce (DSN) handed on to a municipality's bounce receiver; kept in memory until the stack stops. JSON: <a href="messages.json">messages.json</a></p>
${rows || '<p>No mail yet.</p>'}</body></html>`;
}

/**
 * A local SMTP server that keeps every mail (smtp-server, parsed by mailparser) and a small web
 * page that shows them: the embedded mail server of `npm start` and of the tests. No TLS, no auth,
 * loopback only.
 */
export async function startMailCatcher(options: { smtpPort?: number; webPort?: number; host?: string } = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const mails: CaughtMail[] = [];
  const refused = new Set<string>();
  const routes = new Map<string, string>();
  const routeOf = (address: string) => routes.get(address.slice(address.lastIndexOf('@') + 1).toLowerCase());
  let nextId = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'kita-federation demo mail',
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const routed = session.envelope.rcptTo.filter((rcpt) => routeOf(rcpt.address));
      if (routed.length > 0) {
        // A bounce for a municipality's bounce domain: handed on as it came, with the null sender of a DSN.
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          // Shown on the page too (kind DSN), so that a developer sees the bounce arrive.
          simpleParser(raw)
            .then((parsed) => {
              mails.push({
                id: nextId++,
                from: parsed.from?.text ?? '',
                to: routed.map((rcpt) => rcpt.address),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: '',
                messageId: parsed.messageId ?? '',
                language: '',
                kind: 'DSN',
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                receivedAt: new Date().toISOString(),
              });
              return Promise.all(
                routed.map(async (rcpt) => {
                  const relay = nodemailer.createTransport(routeOf(rcpt.address) as string);
                  try {
                    await relay.sendMail({ envelope: { from: '', to: [rcpt.address] }, raw });
                  } finally {
                    relay.close();
                  }
                }),
              );
            })
            .then(
              () => callback(),
              (error: Error) => callback(Object.assign(error, { responseCode: 451 })),
            );
        });
        return;
      }
      simpleParser(stream)
        .then((parsed: ParsedMail) => {
          mails.push({
            id: nextId++,
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            language: String(parsed.headers.get('content-language') ?? ''),
            kind: String(parsed.headers.get('x-kita-notification') ?? ''),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            receivedAt: new Date().toISOString(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  let smtpPort = options.smtpPort ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(smtpPort, host, () => {
        smtp.server.off('error', reject);
        smtpPort = (smtp.server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  let paused = false;
  const web: Server = createServer((request, response) => {
    if (request.url?.endsWith('/messages.json')) {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(mails));
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
    });
    response.end(page(mails));
  });
  await new Promise<void>((resolve) => web.listen(options.webPort ?? 0, host, resolve));
  const webPort = (web.address() as AddressInfo).port;
  const closeSmtp = () =>
    new Promise<void>((resolve) => {
      // smtp-server's close waits for open connections; nodemailer's pooled ones end with its transport.
      smtp.server.close(() => resolve());
      for (const connection of (smtp as unknown as { connections: Set<{ close(): void }> }).connections ?? []) connection.close();
    });
  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host === '0.0.0.0' ? 'localhost' : host}:${webPort}/`,
    messages: () => [...mails],
    refuse: (address) => refused.add(address.toLowerCase()),
    routeBounces: (domain, smtpUrl) => routes.set(domain.toLowerCase(), smtpUrl),
    pause: async () => {
      if (paused) return;
      paused = true;
      await closeSmtp();
    },
    resume: async () => {
      if (!paused) return;
      paused = false;
      await listen();
    },
    close: async () => {
      if (!paused) await closeSmtp();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}

/**
 * How a demo municipality sends: to the catcher, with its own name and sender address. With the
 * catcher, bounces too: envelope senders `bounce+<token>@<subgraph>.<municipality>.bounces.demo.kita.invalid`,
 * whose DSNs the catcher relays to the instances' bounce receivers (on free loopback ports).
 */
export function demoMailSettings(smtpUrl: string, portalUrl: string, catcher?: MailCatcher): (municipality: string) => MailSettings {
  return (municipality) => {
    const name = municipalityInfo(municipality).name;
    return {
      ...defaultMailTiming,
      smtpUrl,
      from: `"${name} – Kita" <kita@${municipality}.demo.kita.invalid>`,
      municipalityName: name,
      portalUrl,
      officeAddress: `jugendamt@${municipality}.demo.kita.invalid`,
      ...(catcher
        ? {
            bounceDomain: `${municipality}.bounces.demo.kita.invalid`,
            bounceListen: { host: '127.0.0.1', port: 0 },
            onBounceReceiver: (domain: string, url: string) => catcher.routeBounces(domain, url),
          }
        : {}),
    };
  };
}

/**
 * A delivery status notification (RFC 3464) as a receiving mail server sends it to a mail's
 * envelope sender when delivery failed after it accepted the mail: multipart/report with the
 * per-recipient `Action` and `Status`. Tests send it over SMTP to the bounce address.
 */
export function deliveryStatusNotification(options: { to: string; recipient: string; status?: string; action?: string; reportingMta?: string }): string {
  const boundary = `dsn-${Math.random().toString(36).slice(2)}`;
  const mta = options.reportingMta ?? 'mx.example.org';
  return [
    `From: Mail Delivery System <MAILER-DAEMON@${mta}>`,
    `To: <${options.to}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered.',
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${mta}`,
    '',
    `Final-Recipient: rfc822; ${options.recipient}`,
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${options.status ?? '5.1.1'}`,
    `Diagnostic-Code: smtp; 550 ${options.status ?? '5.1.1'} mailbox unavailable`,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Sends a DSN over SMTP to `smtpUrl` (a municipality's MX for its bounce domain), with the null envelope sender a DSN has. */
export async function sendDeliveryStatusNotification(
  smtpUrl: string,
  options: { to: string; recipient: string; status?: string; action?: string },
): Promise<void> {
  const transport = nodemailer.createTransport(smtpUrl);
  try {
    await transport.sendMail({ envelope: { from: '', to: [options.to] }, raw: deliveryStatusNotification(options) });
  } finally {
    transport.close();
  }
}
