import {
  Migration20261203160000Notification,
  Migration20261203200000NotificationBounce,
  NotificationMailEntity,
  NotificationPreferenceEntity,
  NotificationSuppressionEntity,
} from '@kita/notification';
import {
  type BackgroundJob,
  buildFederatedSchema,
  EventCursorEntity,
  eventsRoute,
  FacilityMemberEntity,
  FreePlaceEntity,
  OutboxEventEntity,
  type SubgraphContext,
  type SubgraphModule,
  startFreePlaceProjection,
} from '@kita/shared';
import { AllocationProposalEntity, AllocationRunEntity } from './allocation-run/allocation-run.entity.js';
import { AllocationRunResolver } from './allocation-run/allocation-run.resolver.js';
import { DuplicateChoiceResolver } from './duplicate/duplicate.resolver.js';
import { startFacilityFactProjection } from './facts/facility-fact.consumer.js';
import { FacilityFactEntity } from './facts/facility-fact.entity.js';
import { createLoaders, type ReservationLoaders } from './loaders.js';
import { startMaintenance } from './maintenance/maintenance.job.js';
import { Migration20261122000000Initial } from './migrations/Migration20261122000000Initial.js';
import { Migration20261122040000Parts } from './migrations/Migration20261122040000Parts.js';
import { Migration20261122060000Outbox } from './migrations/Migration20261122060000Outbox.js';
import { Migration20261122070000AllocationRun } from './migrations/Migration20261122070000AllocationRun.js';
import { Migration20261122080000FreePlace } from './migrations/Migration20261122080000FreePlace.js';
import { Migration20261122090000SiblingFacilities } from './migrations/Migration20261122090000SiblingFacilities.js';
import { Migration20261122095000AllocationRunDiscardedBy } from './migrations/Migration20261122095000AllocationRunDiscardedBy.js';
import { Migration20261122100000PlacementConflict } from './migrations/Migration20261122100000PlacementConflict.js';
import { Migration20261122110000FacilityMember } from './migrations/Migration20261122110000FacilityMember.js';
import { Migration20261203000000StatisticsSnapshot } from './migrations/Migration20261203000000StatisticsSnapshot.js';
import { Migration20261203190000OfficeFiling } from './migrations/Migration20261203190000OfficeFiling.js';
import { Municipality, MunicipalityRulesResolver, municipalityReference } from './municipality/municipality.resolver.js';
import { startFamilyNotifications } from './notification/family-notifications.js';
import { NotificationResolver } from './notification/notification.resolver.js';
import { OfficeFilingResolver } from './part/office-filing.resolver.js';
import { ReservationPartEntity } from './part/part.entity.js';
import { ReservationPartResolver } from './part/part.resolver.js';
import { developmentPseudonymKey, productionPseudonymKeyProblem, pseudonymEnvSchema } from './part/pseudonym.js';
import { ReservationSubmissionEntity } from './part/submission.entity.js';
import { TakeoverAttemptEntity } from './part/takeover-attempt.entity.js';
import { startPlacedElsewhereConsumers } from './placement/placed-elsewhere.consumer.js';
import { PlacementConflictEntity } from './placement/placement-conflict.entity.js';
import { PlacementConflictResolver } from './placement/placement-conflict.resolver.js';
import { ReservationQueueResolver } from './queue/queue.resolver.js';
import { ReservationEntity } from './reservation/reservation.entity.js';
import { FacilityReservationsResolver, findReservation, ReservationResolver } from './reservation/reservation.resolver.js';
import { ReservationTransitionEntity } from './reservation/reservation-transition.entity.js';
import { ReservationWorkflowResolver } from './reservation/workflow.resolver.js';
import { defaultReservationSettings, type ReservationEnv, type ReservationSettings, reservationEnvSchema, reservationSettingsOf } from './settings.js';
import { DemandStatisticsResolver } from './statistics/demand.resolver.js';
import { StatisticsSnapshotEntity } from './statistics/snapshot.entity.js';
import { startStatisticsSnapshots } from './statistics/snapshot.job.js';
import { SupplyDemandHistoryResolver, SupplyDemandResolver } from './statistics/supply-demand.resolver.js';

/**
 * Vormerkungen (reservations): the most protected data in the system. `settings` are what a
 * municipality configures (maximum choices, offer deadlines, retention); the defaults serve
 * tests and `npm start`, a deployment reads them from its environment (see settings.ts).
 */
export function createReservationModule(
  overrides: Partial<ReservationSettings> = {},
  secrets: { pseudonymKey?: string } = {},
): SubgraphModule<ReservationLoaders> {
  const settings: ReservationSettings = { ...defaultReservationSettings, ...overrides };
  // Outside production a missing key is the development one (checkStart refuses both in production).
  const pseudonymKey = secrets.pseudonymKey ?? developmentPseudonymKey;
  return {
    name: 'reservation',
    entities: [
      ReservationEntity,
      ReservationPartEntity,
      ReservationTransitionEntity,
      ReservationSubmissionEntity,
      TakeoverAttemptEntity,
      FacilityFactEntity,
      FacilityMemberEntity,
      FreePlaceEntity,
      EventCursorEntity,
      OutboxEventEntity,
      AllocationRunEntity,
      AllocationProposalEntity,
      PlacementConflictEntity,
      StatisticsSnapshotEntity,
      NotificationMailEntity,
      NotificationPreferenceEntity,
      NotificationSuppressionEntity,
    ],
    migrations: [
      Migration20261122000000Initial,
      Migration20261122040000Parts,
      Migration20261122060000Outbox,
      Migration20261122070000AllocationRun,
      Migration20261122080000FreePlace,
      Migration20261122090000SiblingFacilities,
      Migration20261122095000AllocationRunDiscardedBy,
      Migration20261122100000PlacementConflict,
      Migration20261122110000FacilityMember,
      Migration20261203000000StatisticsSnapshot,
      Migration20261203160000Notification,
      Migration20261203190000OfficeFiling,
      Migration20261203200000NotificationBounce,
    ],
    checkStart: ({ production }) => {
      const problem =
        productionPseudonymKeyProblem(secrets.pseudonymKey, production) ??
        pseudonymEnvSchema.shape.PSEUDONYM_KEY.safeParse(secrets.pseudonymKey).error?.issues.map((issue) => `PSEUDONYM_KEY: ${issue.message}`)[0];
      if (problem) throw new Error(`the reservation subgraph needs a proper pseudonym key: ${problem}`);
    },
    // `ChildPlaced` for other municipalities and this one's vacancy subgraph (see placement/child-placed.events.ts), for service tokens only.
    routes: ({ database, verifier }) => ({ '/events': eventsRoute(database, verifier) }),
    configuration: {
      envSchema: reservationEnvSchema,
      check: (env) => productionPseudonymKeyProblem(env.PSEUDONYM_KEY as string | undefined, env.NODE_ENV === 'production'),
      apply: (env) => createReservationModule(reservationSettingsOf(env as ReservationEnv), { pseudonymKey: (env as ReservationEnv).PSEUDONYM_KEY }),
    },
    createLoaders: (em) => createLoaders(em, settings, pseudonymKey),
    start: (instance) => {
      // Lets unanswered offers lapse and removes expired personal data (at start, then every 10 minutes),
      // keeps the facility facts and members current from the facility subgraph's events, and the free places
      // (what an allocation run may give) from the vacancy subgraph's.
      const jobs: Array<BackgroundJob | undefined> = [
        startMaintenance(instance.database, instance.municipality, settings, instance.logger),
        startFacilityFactProjection(instance),
        startFreePlaceProjection(instance, { consumer: 'reservation', source: 'vacancy' }),
        // Withdraws choices here of children placed in another municipality (one consumer per municipality).
        startPlacedElsewhereConsumers(instance),
        // Records the day's supply-and-demand snapshot (counts only) for the regional time series.
        startStatisticsSnapshots(instance.database, instance.municipality, instance.logger),
      ];
      // The families' e-mails (received, offer, reminder, lapsed, withdrawn, Zusage) to this municipality's SMTP server.
      const notifications = startFamilyNotifications(instance, settings);
      return {
        stop: async () => {
          await Promise.all([...jobs, notifications].map((job) => job?.stop()));
        },
        catchUp: async () => {
          // Facts first: the maintenance run after them then sees the same state as a request would; mails last.
          for (const job of [...jobs].reverse()) await job?.catchUp?.();
          await notifications?.catchUp?.();
        },
      };
    },
    buildSchema: () =>
      buildFederatedSchema({
        perMunicipality: 'reservation',
        orphanedTypes: [Municipality],
        resolvers: [
          ReservationResolver,
          FacilityReservationsResolver,
          ReservationPartResolver,
          OfficeFilingResolver,
          DuplicateChoiceResolver,
          ReservationWorkflowResolver,
          ReservationQueueResolver,
          DemandStatisticsResolver,
          SupplyDemandResolver,
          SupplyDemandHistoryResolver,
          AllocationRunResolver,
          PlacementConflictResolver,
          NotificationResolver,
          MunicipalityRulesResolver,
        ],
        referenceResolvers: {
          Facility: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
          Municipality: municipalityReference,
          Reservation: {
            __resolveReference: (reference: { id: string }, context: SubgraphContext<ReservationLoaders>) => findReservation(reference.id, context),
          },
        },
      }),
  };
}

/** The reservation subgraph with the default settings. */
export const reservationModule = createReservationModule();
