import { facilityRecipient, NotificationKind, officeRecipient, type QueuedMail, queueMails, startNotificationJob } from '@kita/notification';
import { addDays, type BackgroundJob, formatId, type InstanceContext, type MunicipalityKey, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GuardianRecord } from '../part/part.entity.js';
import { placedElsewhereStep } from '../placement/child-placed.events.js';
import type { ReservationSettings } from '../settings.js';

/** How far back the scan looks for steps without their mail: an instance down longer than this sends no mail for older steps. */
export const notificationLookbackMs = 2 * 24 * 60 * 60 * 1000;
/** The reminder goes out this many days before an offer's deadline. */
export const reminderDaysBefore = 3;

interface StepRow {
  id: string;
  to_status: string;
  step: string | null;
  offer_deadline: string | null;
  reservation_id: string;
  facility_id: string;
  wished_start: string;
  part_id: string;
  /** Whether the choice stands for its part (the best-ranked one): the family's mails of a submission go once per part. */
  is_first: boolean;
  parent_subject: string;
  child_first_name: string | null;
  guardians: GuardianRecord[];
}

const kindOfStep: Record<string, NotificationKind> = {
  SUBMITTED: NotificationKind.RESERVATION_RECEIVED,
  OFFERED: NotificationKind.OFFER_MADE,
  LAPSED: NotificationKind.OFFER_LAPSED,
  WITHDRAWN: NotificationKind.CHOICE_WITHDRAWN_PLACED,
  ACCEPTED: NotificationKind.ZUSAGE_CONFIRMED,
};

/** The family's address: the first guardian's e-mail as given in the Vormerkung (this municipality's copy). */
const addressOf = (guardians: GuardianRecord[] | null) => guardians?.find((guardian) => guardian.email)?.email ?? null;

/** A facility's name and contact e-mail, as its public profile shows them. */
export interface FacilityContact {
  name: string;
  email: string | null;
}

/** This municipality's facilities from its facility instance (public fields); undefined when it cannot answer (try again later). */
export type FacilityNames = (ids: string[]) => Promise<Map<string, FacilityContact> | undefined>;

export function facilityNamesFrom(url: () => string | undefined, municipality: MunicipalityKey): FacilityNames {
  return async (ids) => {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const target = url();
    if (!target) return undefined;
    const query = `{ ${unique.map((id, index) => `f${index}: facility(id: ${JSON.stringify(formatId(municipality, id))}) { name contact { email } }`).join(' ')} }`;
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { data?: Record<string, { name: string; contact: { email: string | null } | null } | null> };
      const data = body.data;
      if (!data) return undefined;
      return new Map(
        unique.flatMap((id, index) => {
          const facility = data[`f${index}`];
          return facility ? [[id, { name: facility.name, email: facility.contact?.email ?? null }] as const] : [];
        }),
      );
    } catch {
      return undefined;
    }
  };
}

/**
 * Queues the families' mails for the steps of this municipality's choices (`reservation_transition`,
 * written in each step's transaction) and the reminders of open offers; each once (the mail's
 * idempotency key: `step:<transition>`, `reminder:<choice>:<deadline>`). Returns how many were queued,
 * or undefined when the facility names could not be read (nothing is queued then; the next round tries again).
 */
export async function queueFamilyNotifications(
  em: EntityManager,
  options: { names: FacilityNames; portalUrl: string; providerUrl?: string; now: Date },
): Promise<number | undefined> {
  // Steps are stamped with the real time when they are taken, so the look-back counts from the real time too.
  const since = new Date(Date.now() - notificationLookbackMs);
  // One mail per step that concerns the family: the first choice's submission stands for the part
  // (all its choices are submitted together), withdrawals only when a place was accepted elsewhere.
  const steps = await em.execute<StepRow[]>(
    `select t.id, t.to_status, t.step, t.offer_deadline::text as offer_deadline, r.id as reservation_id, r.facility_id, r.wished_start::text as wished_start, p.id as part_id,
            r.id = (select r2.id from reservation r2 where r2.part_id = r.part_id order by r2.rank nulls last, r2.id limit 1) as is_first,
            p.parent_subject, p.child_first_name, p.guardians
       from reservation_transition t
       join reservation r on r.id = t.reservation_id
       join reservation_part p on p.id = r.part_id
      where t.at > ? and t.from_status is distinct from t.to_status
        and (t.to_status in ('OFFERED', 'LAPSED', 'ACCEPTED')
          or (t.to_status = 'WITHDRAWN' and t.step = ?)
          or t.to_status = 'SUBMITTED')
        and not exists (select 1 from notification_mail m where m.event_key = 'step:' || t.id::text)
      order by t.at, t.id limit 200`,
    [since, placedElsewhereStep],
  );
  const day = today(options.now);
  const reminders = await em.execute<StepRow[]>(
    `select r.id, 'REMINDER' as to_status, null as step, r.offer_deadline::text as offer_deadline, r.id as reservation_id, r.facility_id, r.wished_start::text as wished_start, p.id as part_id, true as is_first, p.parent_subject, p.child_first_name, p.guardians
       from reservation r join reservation_part p on p.id = r.part_id
      where r.status = 'OFFERED' and r.offer_deadline >= ? and r.offer_deadline <= ?
        and not exists (select 1 from notification_mail m where m.event_key = 'reminder:' || r.id::text || ':' || r.offer_deadline::text)
      order by r.id limit 200`,
    [day, addDays(day, reminderDaysBefore)],
  );
  const rows = [...steps, ...reminders];
  if (rows.length === 0) return 0;
  const names = await options.names(rows.map((row) => row.facility_id));
  if (!names) return undefined;
  const link = `${options.portalUrl.replace(/\/$/, '')}/reservations`;
  const mails: QueuedMail[] = [];
  for (const row of rows) {
    const reminder = row.to_status === 'REMINDER';
    const facility = names.get(row.facility_id);
    const eventKey = reminder ? `reminder:${row.reservation_id}:${row.offer_deadline}` : `step:${row.id}`;
    // A new Vormerkung for the facility: its contact address, its name and a link; nothing about the child.
    if (row.to_status === 'SUBMITTED') {
      mails.push({
        eventKey,
        recipient: facilityRecipient(row.facility_id),
        kind: NotificationKind.NEW_RESERVATION,
        address: facility?.email ?? null,
        params: { ...(facility ? { facility: facility.name } : {}), link: options.providerUrl },
      });
      if (!row.is_first) continue;
    }
    mails.push({
      eventKey,
      recipient: row.parent_subject,
      kind: reminder ? NotificationKind.OFFER_REMINDER : kindOfStep[row.to_status],
      address: addressOf(row.guardians),
      params: {
        ...(row.child_first_name ? { firstName: row.child_first_name } : {}),
        ...(facility ? { facility: facility.name } : {}),
        start: row.wished_start,
        ...(row.offer_deadline ? { deadline: row.offer_deadline } : {}),
        link,
      },
    });
  }
  return em.transactional((tx) => queueMails(tx as EntityManager, mails, options.now));
}

/** The office's digest goes out with the first scan from this hour (German time) on. */
export const digestHour = 7;

const berlinHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' });

/**
 * Queues the office's daily digest (`digest:<day>`, once per day, from `digestHour`): what waits
 * for it, as counts only (new Vormerkungen, those in review, offers whose deadline ends within 3
 * days, unresolved placement conflicts, mails refused or bounced since yesterday). Returns 1 when queued.
 */
export async function queueOfficeDigest(em: EntityManager, options: { officeAddress: string; portalUrl: string; now: Date }): Promise<number> {
  if (Number(berlinHour.format(options.now)) < digestHour) return 0;
  const day = today(options.now);
  const eventKey = `digest:${day}`;
  const [done] = await em.execute<Array<{ id: string }>>(`select id from notification_mail where event_key = ? limit 1`, [eventKey]);
  if (done) return 0;
  const [counts] = await em.execute<Array<Record<string, string>>>(
    `select (select count(*) from reservation where status = 'SUBMITTED') as submitted,
            (select count(*) from reservation where status = 'IN_REVIEW') as in_review,
            (select count(*) from reservation where status = 'OFFERED' and offer_deadline <= ?) as offers_ending,
            (select count(*) from placement_conflict where resolved_at is null) as conflicts,
            (select count(*) from notification_mail where (status = 'REFUSED' and created_at > ?) or (status = 'BOUNCED' and bounced_at > ?)) as refused`,
    [addDays(day, reminderDaysBefore), new Date(options.now.getTime() - 24 * 60 * 60 * 1000), new Date(options.now.getTime() - 24 * 60 * 60 * 1000)],
  );
  return em.transactional((tx) =>
    queueMails(
      tx as EntityManager,
      [
        {
          eventKey,
          recipient: officeRecipient,
          kind: NotificationKind.OFFICE_DIGEST,
          address: options.officeAddress,
          params: {
            counts: {
              submitted: Number(counts.submitted),
              inReview: Number(counts.in_review),
              offersEnding: Number(counts.offers_ending),
              conflicts: Number(counts.conflicts),
              refused: Number(counts.refused),
            },
            link: options.portalUrl,
          },
        },
      ],
      options.now,
    ),
  );
}

/**
 * The families' notifications of one reservation instance (and its office's daily digest when the
 * settings name the office's mailbox): a scan that queues (every `intervalMs`) and the delivery to the municipality's SMTP server. Without mail settings nothing
 * runs (mails are neither queued nor sent).
 */
export function startFamilyNotifications(instance: InstanceContext, settings: ReservationSettings): BackgroundJob | undefined {
  const mail = settings.mail?.(instance.municipality);
  if (!mail) return undefined;
  const now = settings.clock ?? (() => new Date());
  const names = facilityNamesFrom(() => instance.peerUrl('facility'), instance.municipality);
  return startNotificationJob({
    subgraph: 'reservation',
    database: instance.database,
    municipality: instance.municipality,
    logger: instance.logger,
    settings: mail,
    now,
    queue: async (em, at) => {
      let queued = (await queueFamilyNotifications(em, { names, portalUrl: mail.portalUrl, providerUrl: mail.portalUrl, now: at })) ?? 0;
      if (mail.officeAddress) queued += await queueOfficeDigest(em, { officeAddress: mail.officeAddress, portalUrl: mail.portalUrl, now: at });
      return queued;
    },
  });
}
