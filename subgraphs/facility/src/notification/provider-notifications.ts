import { facilityRecipient, type MailSettings, NotificationKind, type QueuedMail, queueMails, startNotificationJob } from '@kita/notification';
import { addDays, type BackgroundJob, type InstanceContext, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

/** How far back the scan looks for profile steps without their mail (steps are stamped with the real time). */
export const notificationLookbackMs = 2 * 24 * 60 * 60 * 1000;
/** The warning before a Pflegeerlaubnis lapses goes out this many days ahead. */
export const permitWarningDays = 60;

export interface ProviderNotificationSettings {
  mail?: (municipality: string) => MailSettings | undefined;
  /** The clock of the permit warning and the retries (tests move it). */
  clock?: () => Date;
}

interface Row {
  event_key: string;
  kind: NotificationKind;
  facility_id: string;
  name: string;
  email: string | null;
  reason: string | null;
  valid_until: string | null;
}

/**
 * Queues the providers' mails: a profile published or rejected (with the office's reason; an
 * approved revision is a PUBLISHED step, a rejected one is read from its revision), a
 * permit lapsing (suspended by the permit watch) and one lapsing in 60 days. The address is the
 * facility's contact e-mail (the profile's, which the provider keeps and families see); each
 * mail once per event and facility (`step:<transition>`, `permit:<facility>:<valid until>`).
 */
export async function queueProviderNotifications(em: EntityManager, options: { portalUrl: string; now: Date }): Promise<number> {
  const since = new Date(Date.now() - notificationLookbackMs);
  const day = today(options.now);
  const rows = await em.execute<Row[]>(
    `select 'step:' || t.id::text as event_key,
            case t.to_status when 'PUBLISHED' then 'PROFILE_PUBLISHED' when 'REJECTED' then 'PROFILE_REJECTED' else 'PERMIT_LAPSED' end as kind,
            f.id as facility_id, f.name, f.email, t.reason, f.permit_valid_until::text as valid_until
       from facility_transition t join facility f on f.id = t.facility_id
      where t.at > ? and (t.to_status in ('PUBLISHED', 'REJECTED') or (t.to_status = 'SUSPENDED' and t.actor_role = 'SYSTEM'))
        and not exists (select 1 from notification_mail m where m.event_key = 'step:' || t.id::text)
     union all
     select 'revision:' || r.id::text, 'PROFILE_REJECTED', f.id, f.name, f.email, r.reason, f.permit_valid_until::text
       from facility_revision r join facility f on f.id = r.facility_id
      where r.status = 'REJECTED' and r.decided_at > ?
        and not exists (select 1 from notification_mail m where m.event_key = 'revision:' || r.id::text)
     union all
     select 'permit:' || f.id::text || ':' || f.permit_valid_until::text, 'PERMIT_EXPIRING', f.id, f.name, f.email, null, f.permit_valid_until::text
       from facility f
      where f.permit_valid_until > ? and f.permit_valid_until <= ? and f.status = 'PUBLISHED'
        and not exists (select 1 from notification_mail m where m.event_key = 'permit:' || f.id::text || ':' || f.permit_valid_until::text)
     limit 200`,
    [since, since, day, addDays(day, permitWarningDays)],
  );
  if (rows.length === 0) return 0;
  const mails: QueuedMail[] = rows.map((row) => ({
    eventKey: row.event_key,
    recipient: facilityRecipient(row.facility_id),
    kind: row.kind,
    address: row.email,
    params: {
      facility: row.name,
      ...(row.reason && row.kind === NotificationKind.PROFILE_REJECTED ? { reason: row.reason } : {}),
      ...(row.valid_until ? { deadline: row.valid_until } : {}),
      link: options.portalUrl,
    },
  }));
  return em.transactional((tx) => queueMails(tx as EntityManager, mails, options.now));
}

/** The providers' notifications of one facility instance: the scan and the delivery to the municipality's SMTP server; nothing without mail settings. */
export function startProviderNotifications(instance: InstanceContext, settings: ProviderNotificationSettings): BackgroundJob | undefined {
  const mail = settings.mail?.(instance.municipality);
  if (!mail) return undefined;
  const now = settings.clock ?? (() => new Date());
  return startNotificationJob({
    subgraph: 'facility',
    database: instance.database,
    municipality: instance.municipality,
    logger: instance.logger,
    settings: mail,
    now,
    queue: (em, at) => queueProviderNotifications(em, { portalUrl: mail.portalUrl, now: at }),
  });
}
