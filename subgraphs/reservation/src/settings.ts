import { type MailSettings, mailEnvSchema, mailSettingsOf } from '@kita/notification';
import { ConfigError } from '@kita/shared';
import { z } from 'zod';
import { pseudonymEnvSchema } from './part/pseudonym.js';

/** What a municipality configures about reservations (one deployment per municipality, so per municipality). */
export interface ReservationSettings {
  /** Facilities a family may choose in this municipality (5 is common; some cities allow 10–15). */
  maxChoices: number;
  /** An offer's deadline lies this many days ahead, inclusive (DOMAIN.md: 2 weeks to 28 days). */
  offerDeadlineDays: { min: number; max: number };
  /** Days after a part's last choice closed until its personal data is removed. */
  retentionDays: number;
  /** How often the lapse and retention jobs run. */
  maintenanceIntervalMs: number;
  /** The allocation run's priority criteria (Vergabekriterien), most weight first; ties go to the older child. */
  allocationPriorities: AllocationPriority[];
  /**
   * How the municipality sends the families' mails (its SMTP server, sender and name); undefined: no
   * mail is queued or sent. A function of the municipality, since `npm start` runs them all in one process.
   */
  mail?: (municipality: string) => MailSettings | undefined;
  /** The clock of background work (reminders, mail retries); tests move it. Defaults to the real one. */
  clock?: () => Date;
}

/** The criteria an allocation run may rank children by (see allocation/rules.ts). */
export const allocationPriorityNames = ['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME'] as const;
export type AllocationPriority = (typeof allocationPriorityNames)[number];

export const defaultReservationSettings: ReservationSettings = {
  maxChoices: 5,
  offerDeadlineDays: { min: 14, max: 28 },
  retentionDays: 365,
  maintenanceIntervalMs: 10 * 60 * 1000,
  allocationPriorities: ['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME'],
};

/** `ALLOCATION_PRIORITIES`: a comma list of distinct criteria, e.g. `LEGAL_CLAIM,RESIDENCE,WAITING_TIME`. */
const allocationPrioritiesSchema = z
  .string()
  .default(defaultReservationSettings.allocationPriorities.join(','))
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toUpperCase())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(allocationPriorityNames))
      .min(1)
      .refine((items) => new Set(items).size === items.length, 'must not name a criterion twice'),
  );

/** The reservation subgraph's own environment keys, parsed with the shared ones by `runSubgraphMain`. */
export const reservationEnvSchema = z
  .object({
    RESERVATION_MAX_CHOICES: z.coerce.number().int().min(1).max(15).default(defaultReservationSettings.maxChoices),
    OFFER_DEADLINE_MIN_DAYS: z.coerce.number().int().min(1).max(90).default(defaultReservationSettings.offerDeadlineDays.min),
    OFFER_DEADLINE_MAX_DAYS: z.coerce.number().int().min(1).max(90).default(defaultReservationSettings.offerDeadlineDays.max),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(defaultReservationSettings.retentionDays),
    ALLOCATION_PRIORITIES: allocationPrioritiesSchema,
  })
  .extend(mailEnvSchema.shape)
  .extend(pseudonymEnvSchema.shape);

export type ReservationEnv = z.infer<typeof reservationEnvSchema>;

/** Settings from the raw environment (strings). */
export function reservationSettingsFrom(env: Record<string, unknown>): ReservationSettings {
  return reservationSettingsOf(reservationEnvSchema.parse(env));
}

/** Settings from values `reservationEnvSchema` has parsed already (what `runSubgraphMain` hands a module): never parsed twice. */
export function reservationSettingsOf(parsed: ReservationEnv): ReservationSettings {
  if (parsed.OFFER_DEADLINE_MIN_DAYS > parsed.OFFER_DEADLINE_MAX_DAYS) {
    throw new ConfigError('the reservation subgraph', ['OFFER_DEADLINE_MIN_DAYS: must not be greater than OFFER_DEADLINE_MAX_DAYS']);
  }
  const mail = mailSettingsOf(parsed);
  return {
    ...defaultReservationSettings,
    maxChoices: parsed.RESERVATION_MAX_CHOICES,
    offerDeadlineDays: { min: parsed.OFFER_DEADLINE_MIN_DAYS, max: parsed.OFFER_DEADLINE_MAX_DAYS },
    retentionDays: parsed.RETENTION_DAYS,
    allocationPriorities: parsed.ALLOCATION_PRIORITIES,
    ...(mail ? { mail: () => mail } : {}),
  };
}
