import {
  Migration20261203160000Notification,
  Migration20261203200000NotificationBounce,
  mailEnvSchema,
  mailSettingsOf,
  NotificationMailEntity,
  NotificationPreferenceEntity,
  NotificationSuppressionEntity,
} from '@kita/notification';
import {
  buildFederatedSchema,
  EventCursorEntity,
  eventsRoute,
  FreePlaceEntity,
  OutboxEventEntity,
  type SubgraphContext,
  type SubgraphModule,
  startFreePlaceProjection,
} from '@kita/shared';
import { FacilityEntity } from './facility/facility.entity.js';
import { FacilityResolver, findFacility } from './facility/facility.resolver.js';
import { createLoaders, type FacilityLoaders } from './loaders.js';
import { mediaUploads } from './media/media.content.js';
import { FacilityMediaEntity } from './media/media.entity.js';
import { FacilityMediaFieldResolver, FacilityMediaResolver } from './media/media.resolver.js';
import { mediaRoute, mediaRoutePrefix } from './media/media.route.js';
import { FacilityMemberEntity } from './membership/facility-member.entity.js';
import { FacilityMembershipResolver } from './membership/membership.resolver.js';
import { Migration20261122000000Initial } from './migrations/Migration20261122000000Initial.js';
import { Migration20261122010000SortName } from './migrations/Migration20261122010000SortName.js';
import { Migration20261122020000Profile } from './migrations/Migration20261122020000Profile.js';
import { Migration20261122025000Media } from './migrations/Migration20261122025000Media.js';
import { Migration20261122030000FreePlace } from './migrations/Migration20261122030000FreePlace.js';
import { Migration20261122040000FacilityOutbox } from './migrations/Migration20261122040000FacilityOutbox.js';
import { Migration20261122110000Membership } from './migrations/Migration20261122110000Membership.js';
import { Migration20261203180000Revision } from './migrations/Migration20261203180000Revision.js';
import { FacilityNotificationResolver } from './notification/facility-notification.resolver.js';
import { type ProviderNotificationSettings, startProviderNotifications } from './notification/provider-notifications.js';
import { FacilityTransitionEntity } from './onboarding/facility-transition.entity.js';
import { FacilityOnboardingResolver } from './onboarding/onboarding.resolver.js';
import { PermitResolver } from './permit/permit.resolver.js';
import { startPermitWatch } from './permit/permit-watch.job.js';
import { FacilityGroupEntity } from './profile/facility-group.entity.js';
import { FacilityProfileResolver } from './profile/profile.resolver.js';
import { FacilityRevisionEntity } from './revision/revision.entity.js';
import { FacilityRevisionResolver } from './revision/revision.resolver.js';

/**
 * The catalogue subgraph: facilities, their profile and the facility search. `settings` say where
 * the municipality sends the providers' mail (none by default; a deployment reads SMTP_URL and the
 * rest from its environment, see @kita/notification).
 */
export function createFacilityModule(settings: ProviderNotificationSettings = {}): SubgraphModule<FacilityLoaders> {
  return {
    name: 'facility',
    entities: [
      FacilityEntity,
      FreePlaceEntity,
      EventCursorEntity,
      FacilityMediaEntity,
      FacilityGroupEntity,
      FacilityTransitionEntity,
      FacilityMemberEntity,
      OutboxEventEntity,
      NotificationMailEntity,
      NotificationPreferenceEntity,
      NotificationSuppressionEntity,
      FacilityRevisionEntity,
    ],
    migrations: [
      Migration20261122000000Initial,
      Migration20261122010000SortName,
      Migration20261122020000Profile,
      Migration20261122025000Media,
      Migration20261122030000FreePlace,
      Migration20261122040000FacilityOutbox,
      Migration20261122110000Membership,
      Migration20261203160000Notification,
      Migration20261203180000Revision,
      Migration20261203200000NotificationBounce,
    ],
    createLoaders,
    start: (instance) => {
      // Suspends published Tagespflege profiles whose permit lapsed (at start, then every 10 minutes),
      // and keeps the free-place projection current from the vacancy subgraph's events.
      // The providers' mails (published, rejected, permit lapsing and lapsed) go to the municipality's SMTP server.
      const jobs = [
        startPermitWatch(instance.database, instance.municipality, instance.logger),
        startFreePlaceProjection(instance, { consumer: 'facility', source: 'vacancy' }),
        startProviderNotifications(instance, settings),
      ];
      return {
        stop: async () => {
          await Promise.all(jobs.map((job) => job?.stop()));
        },
        catchUp: async () => {
          for (const job of jobs) await job?.catchUp?.();
        },
      };
    },
    // `/events`: the facility facts and members other subgraphs project (see facts/facility-fact.events.ts), for service tokens only.
    routes: (instance) => ({ [mediaRoutePrefix]: mediaRoute(instance), '/events': eventsRoute(instance.database, instance.verifier) }),
    uploads: mediaUploads,
    configuration: { envSchema: mailEnvSchema, apply: (env) => createFacilityModule({ mail: () => mailSettingsOf(env as never) }) },
    buildSchema: () =>
      buildFederatedSchema({
        perMunicipality: 'facility',
        resolvers: [
          FacilityResolver,
          FacilityMediaResolver,
          FacilityMediaFieldResolver,
          FacilityProfileResolver,
          FacilityOnboardingResolver,
          PermitResolver,
          FacilityMembershipResolver,
          FacilityRevisionResolver,
          FacilityNotificationResolver,
        ],
        referenceResolvers: {
          Facility: {
            __resolveReference: (reference: { id: string }, context: SubgraphContext<FacilityLoaders>) => findFacility(reference.id, context),
          },
        },
      }),
  };
}

/** The catalogue subgraph without mail (tests, tools). */
export const facilityModule = createFacilityModule();
