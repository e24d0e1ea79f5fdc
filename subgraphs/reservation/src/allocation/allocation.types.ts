/** The care a group offers per day, from least to most: a group covers every band up to its own. */
export type HoursBand = 'HALF_DAY' | 'THREE_QUARTER' | 'FULL_DAY';

/** A group of a facility (Krippe, Kindergarten, Hort or mixed) and the places it has for this run. */
export interface AllocationGroup {
  id: string;
  facilityId: string;
  /** Inclusive lower bound of the children's age at the start, in months. */
  ageFromMonths: number;
  /** Exclusive upper bound. */
  ageToMonths: number;
  hoursBand: HoursBand;
  /** Free places to allocate in this run. */
  capacity: number;
  /** First day the places are free (YYYY-MM-DD, inclusive); without it, from any day. */
  availableFrom?: string;
  /** Last day they are free (inclusive); without it or null, open-ended. */
  availableUntil?: string | null;
}

/** One open Vormerkung (reservation) as the allocation sees it. */
export interface AllocationChild {
  /** Reservation or child key, opaque; unique within a run. */
  id: string;
  /** YYYY-MM-DD; among otherwise equal children the older one goes first. */
  birthDate: string;
  /** Age at the wished start, in months. */
  ageAtStartMonths: number;
  /**
   * The day the child would start (YYYY-MM-DD): a group takes it only when its places are free
   * on that day. Without it, the groups' dates do not matter.
   */
  startsOn?: string;
  hoursBand: HoursBand;
  /** Facility IDs, most wanted first. */
  choices: string[];
  /** Lives in the municipality. */
  resident: boolean;
  /** Facility IDs where a sibling already is. */
  siblingIn: string[];
  /** Has the legal claim of §24 SGB VIII at the wished start. */
  legalClaim: boolean;
  /** ISO timestamp of the Vormerkung: the earlier, the longer the waiting time. */
  submittedAt: string;
}

/** A criterion of a municipality's priority rules (Vergabekriterien). */
export type PriorityCriterion = 'SIBLING' | 'LEGAL_CLAIM' | 'RESIDENCE' | 'WAITING_TIME';

/** A municipality's allocation rules. */
export interface AllocationConfig {
  /** Criteria from most to least weight, e.g. ['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME']. */
  priorities: PriorityCriterion[];
}

/** A proposed offer: the office confirms it before it goes out as a Zusage with a deadline. */
export interface Proposal {
  childId: string;
  facilityId: string;
  groupId: string;
  /** 1-based position of the facility in the child's choices. */
  rank: number;
}

export interface AllocationResult {
  /** In the order of the children in the input. */
  proposals: Proposal[];
  /** Children without a proposal, in input order. */
  unmatched: string[];
  stats: {
    children: number;
    matched: number;
    /** byRank[i]: children placed at their (i + 1)-th choice; as long as the longest list of choices. */
    byRank: number[];
  };
}
