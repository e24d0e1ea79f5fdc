/**
 * The allocation run of a municipality (Platzvergabe): one preview of offers for all open
 * Vormerkungen at once, which the office reviews and confirms; confirmed offers go out as
 * Zusagen with a deadline. Pure and synchronous: no database, no GraphQL.
 *
 * Rules, as stated in `rules.ts`:
 * - A group accepts a child when its age band contains the child's age at the wished start
 *   (from ≤ age < to), its hours band covers the child's (HALF_DAY < THREE_QUARTER <
 *   FULL_DAY: a FULL_DAY group takes a THREE_QUARTER child), and its places are free on the
 *   day the child starts (availableFrom ≤ start ≤ availableUntil, where the group has dates).
 * - Every facility ranks children in one strict order, the same for all its groups: the
 *   municipality's criteria in their configured order (a sibling already in this facility,
 *   the legal claim of §24 SGB VIII, residence in the municipality, waiting time), then the
 *   older child, then the child id.
 *
 * Method: child-proposing deferred acceptance (Gale–Shapley), as in the German pilot
 * projects. Children apply to the facilities of their ranked choices, most wanted first. A
 * facility holds the best applicants it can seat and rejects the rest; a rejected child
 * applies to its next choice. Nothing is final until nobody applies any more.
 *
 * Seats: a facility seats an applicant in an accepting group with a free seat, trying the
 * smallest hours band that covers the child first, then group id, so that the longer groups
 * stay open for children who need them. When all accepting groups are full, the facility may
 * move held children between groups that accept them to free a seat (what the office does by
 * hand). Only when no such reshuffle helps does it compare: of the applicant and every held
 * child that a reshuffle could make room for, the one it ranks lowest leaves. A child who
 * leaves does so because every arrangement of the facility's groups is full of children it
 * ranks higher, so the child goes on to its next choice.
 *
 * Without the reshuffle a higher-ranked child sitting in the only group a lower-ranked one
 * fits would turn that child away even when another group could take the first; with it, a
 * facility's choice among applicants is a greedy choice in a transversal matroid, for which
 * deferred acceptance is known to end in the stable matching every child likes at least as
 * well as any other stable one (child-optimal), whatever the order of applications.
 *
 * Stable means: no child and facility both prefer each other to what they got, i.e. no child
 * that ranks a facility above its proposal (none is worst) where the facility has an accepting
 * group with a free seat or with a child it ranks lower (`blockingPairs` checks this by brute
 * force). The run also has no such pair when the facility may reshuffle its groups.
 *
 * Deterministic: children apply in the facilities' common order (criteria without the
 * sibling one), so the same children and groups give the same proposals whatever their order
 * in the input. Cost: every child applies to each choice at most once, and an application
 * looks at the held children of one facility; 10,000 children with 5 choices over 500 groups
 * take well under a second (`npm run bench:allocation`, docs/benchmarks.md).
 */
import type { AllocationChild, AllocationConfig, AllocationGroup, AllocationResult, Proposal } from './allocation.types.js';
import { assertValidChild, assertValidGroup, dayNumber, distinctCriteria, hoursLevel, submittedMillis } from './rules.js';

export type {
  AllocationChild,
  AllocationConfig,
  AllocationGroup,
  AllocationResult,
  HoursBand,
  PriorityCriterion,
  Proposal,
} from './allocation.types.js';
export { blockingPairs } from './blocking-pairs.js';
export { accepts, facilityPriority, freeOn } from './rules.js';

/** A facility's groups in seating order and who sits where during the run. */
interface Facility {
  id: string;
  groups: AllocationGroup[];
  ageFrom: number[];
  ageTo: number[];
  hours: number[];
  /** The groups' dates as `dayNumber`s: free from, free until (open ends as ±Infinity). */
  freeFrom: number[];
  freeUntil: number[];
  capacity: number[];
  /** Child indices seated in each group. */
  seated: number[][];
  // Scratch space of the reshuffle search, indexed by group; `visited` holds the search's stamp.
  visited: number[];
  cameFrom: number[];
  movedChild: number[];
}

/** Proposes a group and facility for as many children as the rules allow; see the module comment. */
export function allocate(children: AllocationChild[], groups: AllocationGroup[], config: AllocationConfig): AllocationResult {
  assertDistinct(
    children.map((child) => child.id),
    'child',
  );
  assertDistinct(
    groups.map((group) => group.id),
    'group',
  );
  children.forEach(assertValidChild);
  groups.forEach(assertValidGroup);

  const facilities = facilitiesOf(groups);
  const n = children.length;
  const order = priorityKeys(children, config);
  const childHours = children.map((child) => hoursLevel(child.hoursBand));
  const childStart = children.map((child) => (child.startsOn === undefined ? undefined : dayNumber(child.startsOn)));

  const nextChoice = new Int32Array(n);
  const facilityOf = new Int32Array(n).fill(-1);
  const groupOf = new Int32Array(n).fill(-1);
  const rankOf = new Int32Array(n);
  /** The priority key of a seated child at its facility: lower goes first. */
  const keyOf = new Float64Array(n);
  /** The groups of its facility that accept a seated child, in seating order. */
  const acceptingOf: number[][] = new Array(n);
  let stamp = 0;

  const seat = (child: number, facility: Facility, group: number) => {
    facility.seated[group].push(child);
    groupOf[child] = group;
  };
  const unseat = (child: number, facility: Facility) => {
    const seated = facility.seated[groupOf[child]];
    const at = seated.indexOf(child);
    seated[at] = seated[seated.length - 1];
    seated.pop();
    groupOf[child] = -1;
  };
  /** Moves the children on the search path from `group` back to a root group, freeing a seat there for `child`. */
  const shiftInto = (child: number, facility: Facility, group: number) => {
    while (facility.cameFrom[group] >= 0) {
      const moved = facility.movedChild[group];
      unseat(moved, facility);
      seat(moved, facility, group);
      group = facility.cameFrom[group];
    }
    seat(child, facility, group);
  };

  /** Child `child` applies to `facility`: returns -1 when it is held without displacing anyone, the displaced child, or `child` itself when rejected. */
  const apply = (child: number, facilityIndex: number, key: number): number => {
    const facility = facilities.list[facilityIndex];
    const age = children[child].ageAtStartMonths;
    const start = childStart[child];
    const accepting: number[] = [];
    for (let group = 0; group < facility.groups.length; group++) {
      if (
        facility.ageFrom[group] <= age &&
        age < facility.ageTo[group] &&
        facility.hours[group] >= childHours[child] &&
        (start === undefined || (facility.freeFrom[group] <= start && start <= facility.freeUntil[group]))
      ) {
        accepting.push(group);
      }
    }
    if (accepting.length === 0) return child;

    const hold = (group: number) => {
      shiftInto(child, facility, group);
      facilityOf[child] = facilityIndex;
      keyOf[child] = key;
      acceptingOf[child] = accepting;
    };
    for (const group of accepting) {
      if (facility.seated[group].length < facility.capacity[group]) {
        facility.cameFrom[group] = -1;
        hold(group);
        return -1;
      }
    }

    // Breadth-first over groups: from a full group to another group that accepts one of its children.
    stamp++;
    const reached: number[] = [];
    for (const group of accepting) {
      facility.visited[group] = stamp;
      facility.cameFrom[group] = -1;
      reached.push(group);
    }
    for (let next = 0; next < reached.length; next++) {
      const from = reached[next];
      for (const seatedChild of facility.seated[from]) {
        for (const to of acceptingOf[seatedChild]) {
          if (facility.visited[to] === stamp) continue;
          facility.visited[to] = stamp;
          facility.cameFrom[to] = from;
          facility.movedChild[to] = seatedChild;
          if (facility.seated[to].length < facility.capacity[to]) {
            hold(to);
            return -1;
          }
          reached.push(to);
        }
      }
    }

    // Full under every arrangement: of the children a reshuffle could make room for, the lowest ranked leaves.
    let lowest = -1;
    for (const group of reached) {
      for (const seatedChild of facility.seated[group]) if (lowest < 0 || keyOf[seatedChild] > keyOf[lowest]) lowest = seatedChild;
    }
    if (lowest < 0 || keyOf[lowest] < key) return child;
    const freed = groupOf[lowest];
    unseat(lowest, facility);
    facilityOf[lowest] = -1;
    hold(freed);
    return lowest;
  };

  // FIFO of children looking for a place, starting in priority order.
  const queue = Array.from(order.byPriority);
  for (let head = 0; head < queue.length; head++) {
    const child = queue[head];
    const { choices, siblingIn } = children[child];
    while (nextChoice[child] < choices.length) {
      const position = nextChoice[child]++;
      const facilityId = choices[position];
      const facilityIndex = facilities.index.get(facilityId);
      if (facilityIndex === undefined || choices.indexOf(facilityId) !== position) continue;
      const key = order.key(child, siblingIn.includes(facilityId));
      const outcome = apply(child, facilityIndex, key);
      if (outcome === child) continue;
      rankOf[child] = position + 1;
      if (outcome >= 0) queue.push(outcome);
      break;
    }
  }

  const proposals: Proposal[] = [];
  const unmatched: string[] = [];
  const byRank = new Array<number>(children.reduce((longest, child) => Math.max(longest, child.choices.length), 0)).fill(0);
  children.forEach((child, index) => {
    if (facilityOf[index] < 0) {
      unmatched.push(child.id);
      return;
    }
    const facility = facilities.list[facilityOf[index]];
    proposals.push({ childId: child.id, facilityId: facility.id, groupId: facility.groups[groupOf[index]].id, rank: rankOf[index] });
    byRank[rankOf[index] - 1]++;
  });
  return { proposals, unmatched, stats: { children: n, matched: proposals.length, byRank } };
}

function facilitiesOf(groups: AllocationGroup[]): { list: Facility[]; index: Map<string, number> } {
  const byFacility = new Map<string, AllocationGroup[]>();
  for (const group of groups) {
    const list = byFacility.get(group.facilityId);
    if (list) list.push(group);
    else byFacility.set(group.facilityId, [group]);
  }
  const list: Facility[] = [];
  const index = new Map<string, number>();
  for (const [id, unordered] of byFacility) {
    const ordered = [...unordered].sort((a, b) => hoursLevel(a.hoursBand) - hoursLevel(b.hoursBand) || compareStrings(a.id, b.id));
    index.set(id, list.length);
    list.push({
      id,
      groups: ordered,
      ageFrom: ordered.map((group) => group.ageFromMonths),
      ageTo: ordered.map((group) => group.ageToMonths),
      hours: ordered.map((group) => hoursLevel(group.hoursBand)),
      freeFrom: ordered.map((group) => (group.availableFrom === undefined ? -Infinity : dayNumber(group.availableFrom))),
      freeUntil: ordered.map((group) => (group.availableUntil === undefined || group.availableUntil === null ? Infinity : dayNumber(group.availableUntil))),
      capacity: ordered.map((group) => group.capacity),
      seated: ordered.map(() => []),
      visited: ordered.map(() => 0),
      cameFrom: ordered.map(() => -1),
      movedChild: ordered.map(() => -1),
    });
  }
  return { list, index };
}

/**
 * Numbers that order children the way `facilityPriority` does at a given facility, without
 * comparing records during the run. Children are sorted once by every criterion except the
 * sibling one (position `base`); `tier` numbers the classes of children equal in the criteria
 * weighted above SIBLING. At a facility the order is then (tier, sibling there first, base).
 */
function priorityKeys(children: AllocationChild[], config: AllocationConfig) {
  const n = children.length;
  const criteria = distinctCriteria(config);
  const siblingAt = criteria.indexOf('SIBLING');
  const waited = children.map(submittedMillis);
  const value = (criterion: (typeof criteria)[number], child: number): number => {
    const record = children[child];
    if (criterion === 'LEGAL_CLAIM') return record.legalClaim ? 0 : 1;
    if (criterion === 'RESIDENCE') return record.resident ? 0 : 1;
    if (criterion === 'WAITING_TIME') return waited[child];
    return 0; // SIBLING depends on the facility: it enters through the key below.
  };
  const compareCriteria = (a: number, b: number, upTo: number) => {
    for (let at = 0; at < upTo; at++) {
      const order = value(criteria[at], a) - value(criteria[at], b);
      if (order !== 0) return order;
    }
    return 0;
  };
  const byPriority = Int32Array.from(children.keys()).sort(
    (a, b) =>
      compareCriteria(a, b, criteria.length) || compareStrings(children[a].birthDate, children[b].birthDate) || compareStrings(children[a].id, children[b].id),
  );
  const base = new Int32Array(n);
  const tier = new Int32Array(n);
  const above = Math.max(siblingAt, 0);
  byPriority.forEach((child, position) => {
    base[child] = position;
    const previous = byPriority[position - 1];
    tier[child] = position === 0 ? 0 : tier[previous] + (compareCriteria(previous, child, above) !== 0 ? 1 : 0);
  });
  const siblingWeight = siblingAt < 0 ? 0 : n;
  return {
    byPriority,
    key: (child: number, sibling: boolean) => tier[child] * 2 * n + (sibling ? 0 : siblingWeight) + base[child],
  };
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function assertDistinct(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`${what} id ${id} appears twice`);
    seen.add(id);
  }
}
