import { buildFederatedSchema, type SubgraphContext, type SubgraphModule } from '@kita/shared';
import { FacilityEntity } from './facility/facility.entity.js';
import { FacilityResolver, findFacility } from './facility/facility.resolver.js';
import { createLoaders, type FacilityLoaders } from './loaders.js';
import { Migration20261122000000Initial } from './migrations/Migration20261122000000Initial.js';
import { Migration20261122010000SortName } from './migrations/Migration20261122010000SortName.js';

/** The catalogue subgraph: facilities, their profile and the facility search. */
export const facilityModule: SubgraphModule<FacilityLoaders> = {
  name: 'facility',
  entities: [FacilityEntity],
  migrations: [Migration20261122000000Initial, Migration20261122010000SortName],
  createLoaders,
  buildSchema: () =>
    buildFederatedSchema({
      resolvers: [FacilityResolver],
      referenceResolvers: {
        Facility: {
          __resolveReference: (reference: { id: string }, context: SubgraphContext<FacilityLoaders>) => findFacility(reference.id, context),
        },
      },
    }),
};
