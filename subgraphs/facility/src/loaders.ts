import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { FacilityEntity } from './facility/facility.entity.js';
import { createFacilityLoader } from './facility/facility.loader.js';
import type { FacilityMediaEntity } from './media/media.entity.js';
import { createFacilityMediaLoader } from './media/media.loader.js';
import type { FacilityMemberEntity } from './membership/facility-member.entity.js';
import { createFacilityMembersLoader } from './membership/facility-member.loader.js';
import type { FacilityTransitionEntity } from './onboarding/facility-transition.entity.js';
import { createFacilityTransitionsLoader } from './onboarding/facility-transition.loader.js';
import type { FacilityGroupEntity } from './profile/facility-group.entity.js';
import { createFacilityGroupsLoader } from './profile/facility-group.loader.js';
import type { FacilityRevisionEntity } from './revision/revision.entity.js';
import { createLastDecisionLoader, createPendingRevisionLoader } from './revision/revision.loader.js';

export interface FacilityLoaders {
  facility: DataLoader<string, FacilityEntity | null>;
  /** Groups by local facility ID, youngest first. */
  groups: DataLoader<string, FacilityGroupEntity[]>;
  /** Review history by local facility ID, oldest first. */
  transitions: DataLoader<string, FacilityTransitionEntity[]>;
  /** Photos and attachments by local facility ID, without their bytes. */
  media: DataLoader<string, FacilityMediaEntity[]>;
  /** Who acts for the facility, by local facility ID, owners first: what access checks of providers read. */
  members: DataLoader<string, FacilityMemberEntity[]>;
  /** The pending revision by local facility ID, or null. */
  pendingRevisions: DataLoader<string, FacilityRevisionEntity | null>;
  /** The latest approved or rejected revision by local facility ID, or null. */
  lastRevisionDecisions: DataLoader<string, FacilityRevisionEntity | null>;
}

export const createLoaders = (em: EntityManager): FacilityLoaders => ({
  facility: createFacilityLoader(em),
  groups: createFacilityGroupsLoader(em),
  transitions: createFacilityTransitionsLoader(em),
  media: createFacilityMediaLoader(em),
  members: createFacilityMembersLoader(em),
  pendingRevisions: createPendingRevisionLoader(em),
  lastRevisionDecisions: createLastDecisionLoader(em),
});
