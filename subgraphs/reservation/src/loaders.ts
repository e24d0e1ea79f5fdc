import { createFacilitiesOfMemberLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { AllocationProposalEntity } from './allocation-run/allocation-run.entity.js';
import { createProposalsByRunLoader } from './allocation-run/allocation-run.loader.js';
import type { ReservationPartEntity } from './part/part.entity.js';
import { createPartLoader } from './part/part.loader.js';
import type { ReservationEntity } from './reservation/reservation.entity.js';
import {
  createChoicesByPartLoader,
  createReservationLoader,
  createReservationsByFacilityLoader,
  createTransitionsLoader,
} from './reservation/reservation.loader.js';
import type { ReservationTransitionEntity } from './reservation/reservation-transition.entity.js';
import type { ReservationSettings } from './settings.js';

/** What a request of the reservation subgraph works with besides the ORM: per-request DataLoaders and the instance's settings. */
export interface ReservationLoaders {
  reservationsByFacility: DataLoader<string, ReservationEntity[]>;
  reservation: DataLoader<string, ReservationEntity | null>;
  part: DataLoader<string, ReservationPartEntity | null>;
  choicesByPart: DataLoader<string, ReservationEntity[]>;
  transitions: DataLoader<string, ReservationTransitionEntity[]>;
  proposalsByRun: DataLoader<string, AllocationProposalEntity[]>;
  /** The facilities (local IDs) an account acts for, by subject: what a provider may see (see facilitiesActedFor). */
  facilitiesOfMember: DataLoader<string, ReadonlySet<string>>;
  settings: ReservationSettings;
  /** The federation-wide key of child pseudonyms. */
  pseudonymKey: string;
}

export const createLoaders = (em: EntityManager, settings: ReservationSettings, pseudonymKey: string): ReservationLoaders => ({
  reservationsByFacility: createReservationsByFacilityLoader(em),
  reservation: createReservationLoader(em),
  part: createPartLoader(em),
  choicesByPart: createChoicesByPartLoader(em),
  transitions: createTransitionsLoader(em),
  proposalsByRun: createProposalsByRunLoader(em),
  facilitiesOfMember: createFacilitiesOfMemberLoader(em),
  settings,
  pseudonymKey,
});
