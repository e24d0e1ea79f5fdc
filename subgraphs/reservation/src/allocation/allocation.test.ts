import { SeededRandom } from '@kita/shared';
import { describe, expect, it } from 'vitest';
import {
  type AllocationChild,
  type AllocationConfig,
  type AllocationGroup,
  type AllocationResult,
  accepts,
  allocate,
  blockingPairs,
  facilityPriority,
  type HoursBand,
  type PriorityCriterion,
} from './allocation.js';

const allCriteria: PriorityCriterion[] = ['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME'];
const usual: AllocationConfig = { priorities: allCriteria };

function child(id: string, fields: Partial<AllocationChild> = {}): AllocationChild {
  return {
    id,
    birthDate: '2023-03-01',
    ageAtStartMonths: 24,
    hoursBand: 'HALF_DAY',
    choices: ['f1'],
    resident: true,
    siblingIn: [],
    legalClaim: true,
    submittedAt: '2024-10-01T08:00:00.000Z',
    ...fields,
  };
}

function group(id: string, facilityId: string, fields: Partial<AllocationGroup> = {}): AllocationGroup {
  return { id, facilityId, ageFromMonths: 0, ageToMonths: 72, hoursBand: 'FULL_DAY', capacity: 1, ...fields };
}

/** childId → groupId, or null when unmatched. */
function placement(result: AllocationResult): Record<string, string | null> {
  const placed: Record<string, string | null> = Object.fromEntries(result.unmatched.map((id) => [id, null]));
  for (const proposal of result.proposals) placed[proposal.childId] = proposal.groupId;
  return placed;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, at) => permutations([...items.slice(0, at), ...items.slice(at + 1)]).map((rest) => [item, ...rest]));
}

/** What every result must satisfy, whatever the instance: seats within capacity and rules, each child once. */
function invariantViolations(children: AllocationChild[], groups: AllocationGroup[], result: AllocationResult): string[] {
  const problems: string[] = [];
  const childById = new Map(children.map((entry) => [entry.id, entry]));
  const groupById = new Map(groups.map((entry) => [entry.id, entry]));
  const seen = new Set<string>();
  const seatedPerGroup = new Map<string, number>();
  for (const proposal of result.proposals) {
    const applicant = childById.get(proposal.childId);
    const seat = groupById.get(proposal.groupId);
    if (!applicant || !seat) {
      problems.push(`unknown child or group in ${JSON.stringify(proposal)}`);
      continue;
    }
    if (seen.has(applicant.id)) problems.push(`${applicant.id} placed twice`);
    seen.add(applicant.id);
    if (seat.facilityId !== proposal.facilityId) problems.push(`${proposal.groupId} is not in ${proposal.facilityId}`);
    if (!accepts(seat, applicant)) problems.push(`${seat.id} does not accept ${applicant.id}`);
    if (applicant.choices.indexOf(proposal.facilityId) + 1 !== proposal.rank) problems.push(`${applicant.id} has a wrong rank`);
    seatedPerGroup.set(seat.id, (seatedPerGroup.get(seat.id) ?? 0) + 1);
  }
  for (const seat of groups) if ((seatedPerGroup.get(seat.id) ?? 0) > seat.capacity) problems.push(`${seat.id} over capacity`);
  for (const id of result.unmatched) {
    if (seen.has(id)) problems.push(`${id} both placed and unmatched`);
    seen.add(id);
  }
  if (seen.size !== children.length) problems.push('not every child is placed or unmatched');
  if (result.stats.matched !== result.proposals.length || result.stats.children !== children.length) problems.push('stats do not add up');
  if (result.stats.byRank.reduce((sum, count) => sum + count, 0) !== result.proposals.length) problems.push('byRank does not add up');
  return problems;
}

describe('facility priority', () => {
  // One seat, four children each ahead in exactly one criterion: the first configured criterion decides.
  const strongIn = (criterion: PriorityCriterion) =>
    child(criterion, {
      siblingIn: criterion === 'SIBLING' ? ['f1'] : [],
      legalClaim: criterion === 'LEGAL_CLAIM',
      resident: criterion === 'RESIDENCE',
      submittedAt: criterion === 'WAITING_TIME' ? '2024-01-15T10:00:00Z' : '2024-11-30T10:00:00Z',
    });
  const applicants = allCriteria.map(strongIn);

  for (const priorities of permutations(allCriteria)) {
    it(`seats children in the order ${priorities.join(' > ')}`, () => {
      for (let capacity = 1; capacity <= 4; capacity++) {
        const result = allocate(applicants, [group('g1', 'f1', { capacity })], { priorities });
        expect(result.proposals.map((proposal) => proposal.childId).sort()).toEqual(priorities.slice(0, capacity).sort());
      }
    });
  }

  it('ignores criteria the municipality does not use', () => {
    const result = allocate(applicants, [group('g1', 'f1')], { priorities: ['RESIDENCE'] });
    expect(result.proposals.map((proposal) => proposal.childId)).toEqual(['RESIDENCE']);
  });

  it('gives the seat to the older child when the criteria tie, whatever the input order and ids', () => {
    const younger = child('a-younger', { birthDate: '2023-06-01' });
    const older = child('z-older', { birthDate: '2023-02-01' });
    for (const children of [
      [younger, older],
      [older, younger],
    ]) {
      expect(placement(allocate(children, [group('g1', 'f1')], usual))).toEqual({ 'z-older': 'g1', 'a-younger': null });
    }
  });

  it('breaks a tie of criteria and birth date by child id', () => {
    const result = allocate([child('b'), child('a')], [group('g1', 'f1')], usual);
    expect(placement(result)).toEqual({ a: 'g1', b: null });
  });

  it('counts a sibling only at the facility the sibling attends', () => {
    const withSibling = child('sibling', { siblingIn: ['f2'], choices: ['f1', 'f2'], birthDate: '2023-09-01' });
    const older = child('older', { choices: ['f1', 'f2'], birthDate: '2023-01-01' });
    const result = allocate([withSibling, older], [group('g1', 'f1'), group('g2', 'f2')], usual);
    expect(placement(result)).toEqual({ older: 'g1', sibling: 'g2' });
    // Both prefer f1: the older child gets it, the sibling's priority holds only at f2.
  });

  it('is a strict order that orders by waiting time on the timestamp, not the text', () => {
    const rank = facilityPriority({ priorities: ['WAITING_TIME'] }, 'f1');
    const earlier = child('x', { submittedAt: '2024-10-01T09:00:00+02:00' });
    const later = child('y', { submittedAt: '2024-10-01T08:00:00Z' });
    expect(rank(earlier, later)).toBe(-1);
    expect(rank(later, earlier)).toBe(1);
    expect(rank(earlier, earlier)).toBe(0);
  });
});

describe('allocate', () => {
  it('never seats more children in a group than it has places', () => {
    const children = ['a', 'b', 'c', 'd', 'e'].map((id) => child(id, { choices: ['f1', 'f2'] }));
    const groups = [group('g1', 'f1', { capacity: 2 }), group('g2', 'f2', { capacity: 1 })];
    const result = allocate(children, groups, usual);
    expect(placement(result)).toEqual({ a: 'g1', b: 'g1', c: 'g2', d: null, e: null });
    expect(result.stats).toEqual({ children: 5, matched: 3, byRank: [2, 1] });
  });

  it('seats a child only in a group whose age band contains its age at the start (upper bound exclusive)', () => {
    const groups = [group('krippe', 'f1', { ageFromMonths: 0, ageToMonths: 36 }), group('kindergarten', 'f1', { ageFromMonths: 36, ageToMonths: 72 })];
    const children = [child('35', { ageAtStartMonths: 35 }), child('36', { ageAtStartMonths: 36 }), child('72', { ageAtStartMonths: 72 })];
    expect(placement(allocate(children, groups, usual))).toEqual({ '35': 'krippe', '36': 'kindergarten', '72': null });
  });

  it('seats a child only in a group whose hours cover its own, the smallest such band first', () => {
    const bands: HoursBand[] = ['FULL_DAY', 'THREE_QUARTER', 'HALF_DAY'];
    const groups = bands.map((hoursBand) => group(hoursBand, 'f1', { hoursBand, capacity: 2 }));
    const result = allocate([child('half', { hoursBand: 'HALF_DAY' }), child('three-quarter', { hoursBand: 'THREE_QUARTER' })], groups, usual);
    expect(placement(result)).toEqual({ half: 'HALF_DAY', 'three-quarter': 'THREE_QUARTER' });

    const onlyHalfDay = allocate([child('full', { hoursBand: 'FULL_DAY' })], [group('g1', 'f1', { hoursBand: 'HALF_DAY' })], usual);
    expect(onlyHalfDay.unmatched).toEqual(['full']);
  });

  it('seats a child only in a group whose places are free on the day it starts', () => {
    const groups = [
      group('from-august', 'f1', { availableFrom: '2026-08-01' }),
      group('until-september', 'f2', { availableFrom: '2026-01-01', availableUntil: '2026-09-30' }),
    ];
    const children = [
      // Free from 1 August: not for a start on 1 June, but for one on 1 September (and on 1 August itself).
      child('june', { startsOn: '2026-06-01', choices: ['f1', 'f2'] }),
      child('september', { startsOn: '2026-09-01', choices: ['f1'] }),
      child('october', { startsOn: '2026-10-01', choices: ['f2'] }),
    ];
    expect(placement(allocate(children, groups, usual))).toEqual({ june: 'until-september', september: 'from-august', october: null });
    expect(accepts(group('g', 'f', { availableFrom: '2026-08-01', availableUntil: '2026-08-01' }), child('c', { startsOn: '2026-08-01' }))).toBe(true);
    // Without a start day, dates do not matter; without dates, every start day fits.
    expect(accepts(group('g', 'f', { availableFrom: '2026-08-01' }), child('c'))).toBe(true);
    expect(accepts(group('g', 'f'), child('c', { startsOn: '2020-01-01' }))).toBe(true);
  });

  it('gives every child its best choice that its priority allows, with the rank of that choice', () => {
    const first = child('first', { choices: ['f1', 'f2', 'f3'], legalClaim: true });
    const second = child('second', { choices: ['f1', 'f2', 'f3'], legalClaim: false });
    const third = child('third', { choices: ['f2', 'f3'], legalClaim: false, resident: false });
    const groups = [group('g1', 'f1'), group('g2', 'f2'), group('g3', 'f3')];
    const result = allocate([third, second, first], groups, usual);
    expect(result.proposals).toEqual([
      { childId: 'third', facilityId: 'f3', groupId: 'g3', rank: 2 },
      { childId: 'second', facilityId: 'f2', groupId: 'g2', rank: 2 },
      { childId: 'first', facilityId: 'f1', groupId: 'g1', rank: 1 },
    ]);
    expect(result.stats.byRank).toEqual([1, 2, 0]);
  });

  it('lets a child displace one held earlier whom the facility ranks lower, who then moves down its list', () => {
    // Children apply oldest first; `youngest` outranks the others only at f1, where its sibling is.
    const oldest = child('oldest', { birthDate: '2022-01-01', choices: ['f1', 'f2'] });
    const middle = child('middle', { birthDate: '2022-06-01', choices: ['f2'] });
    const youngest = child('youngest', { birthDate: '2023-01-01', choices: ['f1'], siblingIn: ['f1'] });
    const children = [oldest, middle, youngest];
    const groups = [group('g1', 'f1'), group('g2', 'f2')];
    const result = allocate(children, groups, usual);
    expect(placement(result)).toEqual({ youngest: 'g1', oldest: 'g2', middle: null });
    expect(result.proposals.find((proposal) => proposal.childId === 'oldest')?.rank).toBe(2);
    expect(blockingPairs(children, groups, usual, result)).toEqual([]);
  });

  it('moves a held child to another group of the facility to make room rather than turn a child away', () => {
    // `mixed` (30 months) fits both groups; `baby` (10 months) only the Krippe.
    const groups = [group('a-krippe', 'f1', { ageFromMonths: 0, ageToMonths: 36 }), group('b-mixed', 'f1', { ageFromMonths: 24, ageToMonths: 72 })];
    const mixed = child('mixed', { ageAtStartMonths: 30, legalClaim: true });
    const baby = child('baby', { ageAtStartMonths: 10, legalClaim: false });
    const result = allocate([mixed, baby], groups, usual);
    expect(placement(result)).toEqual({ mixed: 'b-mixed', baby: 'a-krippe' });
  });

  it('leaves a child unmatched when none of its choices has a group that fits', () => {
    const groups = [group('krippe', 'f1', { ageToMonths: 36 }), group('half', 'f2', { hoursBand: 'HALF_DAY' })];
    const result = allocate(
      [child('c', { ageAtStartMonths: 40, hoursBand: 'FULL_DAY', choices: ['f1', 'f2', 'unknown'] }), child('none', { choices: [] })],
      groups,
      usual,
    );
    expect(result).toEqual({ proposals: [], unmatched: ['c', 'none'], stats: { children: 2, matched: 0, byRank: [0, 0, 0] } });
  });

  it('counts a facility named twice in the choices at its first position', () => {
    const result = allocate([child('c', { choices: ['f2', 'f1', 'f2'] })], [group('g1', 'f1')], usual);
    expect(result.proposals).toEqual([{ childId: 'c', facilityId: 'f1', groupId: 'g1', rank: 2 }]);
  });

  it('rejects input it cannot order as a bug of the caller', () => {
    expect(() => allocate([child('a'), child('a')], [], usual)).toThrow(/appears twice/);
    expect(() => allocate([child('a', { submittedAt: 'yesterday' })], [], usual)).toThrow(/submittedAt/);
    expect(() => allocate([], [group('g', 'f', { capacity: -1 })], usual)).toThrow(/capacity/);
    expect(() => allocate([child('a', { startsOn: '1.8.2026' })], [], usual)).toThrow(/startsOn/);
    expect(() => allocate([], [group('g', 'f', { availableFrom: 'August' })], usual)).toThrow(/YYYY-MM-DD/);
    expect(() => allocate([], [], { priorities: ['DISTANCE' as PriorityCriterion] })).toThrow(/criterion/);
  });
});

describe('blockingPairs', () => {
  it('finds a child left out while a group that fits it has a free seat', () => {
    const children = [child('a', { choices: ['f1', 'f2'] })];
    const groups = [group('g1', 'f1'), group('g2', 'f2')];
    const atSecondChoice: AllocationResult = {
      proposals: [{ childId: 'a', facilityId: 'f2', groupId: 'g2', rank: 2 }],
      unmatched: [],
      stats: { children: 1, matched: 1, byRank: [0, 1] },
    };
    expect(blockingPairs(children, groups, usual, atSecondChoice)).toEqual([{ childId: 'a', facilityId: 'f1' }]);
  });

  it('finds a facility holding a child it ranks below one who wants it', () => {
    const children = [child('first', { legalClaim: true }), child('second', { legalClaim: false })];
    const unfair: AllocationResult = {
      proposals: [{ childId: 'second', facilityId: 'f1', groupId: 'g1', rank: 1 }],
      unmatched: ['first'],
      stats: { children: 2, matched: 1, byRank: [1] },
    };
    expect(blockingPairs(children, [group('g1', 'f1')], usual, unfair)).toEqual([{ childId: 'first', facilityId: 'f1' }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Generated instances

interface Instance {
  seed: number;
  children: AllocationChild[];
  groups: AllocationGroup[];
  config: AllocationConfig;
}

const ageBands = [
  [0, 36],
  [24, 72],
  [36, 72],
  [0, 72],
  [12, 48],
] as const;
const bands: HoursBand[] = ['HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'];

interface Shape {
  children: [number, number];
  facilities: [number, number];
  groupsPerFacility: [number, number];
  /** At most this many choices per child. */
  choices: number;
  /**
   * Instances where several stable matchings are common: one place per group, every child
   * fits most groups and lists `choices` facilities, and has a sibling at one it does not want
   * most, with SIBLING the first criterion, so that facilities and children disagree.
   */
  contested?: boolean;
  /** Groups free only between dates, children starting on different days. */
  dated?: boolean;
}

const availableFroms = ['2026-01-01', '2026-08-01', '2026-09-01'] as const;
const availableUntils = [null, null, '2026-08-31', '2026-12-31'] as const;
const startDays = ['2026-06-01', '2026-08-01', '2026-09-01', '2026-10-01'] as const;

/** Few distinct values for every field, so that bands overlap and criteria and birth dates tie. */
function generate(seed: number, shape: Shape): Instance {
  const random = new SeededRandom(seed);
  const contested = shape.contested ?? false;
  const facilityIds = Array.from({ length: random.int(...shape.facilities) }, (_, at) => `f${at}`);
  const groups = facilityIds.flatMap((facilityId) =>
    Array.from({ length: random.int(...shape.groupsPerFacility) }, (_, at): AllocationGroup => {
      const [ageFromMonths, ageToMonths] = random.pick(ageBands);
      const group: AllocationGroup = {
        id: `${facilityId}g${at}`,
        facilityId,
        ageFromMonths,
        ageToMonths,
        hoursBand: random.pick(bands),
        capacity: contested ? 1 : random.int(1, 3),
      };
      return shape.dated ? { ...group, availableFrom: random.pick(availableFroms), availableUntil: random.pick(availableUntils) } : group;
    }),
  );
  const children = Array.from({ length: random.int(...shape.children) }, (_, at): AllocationChild => {
    const choices = random.shuffle(facilityIds).slice(0, contested ? shape.choices : random.int(1, Math.min(shape.choices, facilityIds.length)));
    return {
      id: `c${at}`,
      birthDate: random.pick(['2021-05-01', '2022-02-01', '2022-02-01', '2023-07-01']),
      ageAtStartMonths: random.pick(contested ? [20, 30, 40] : [10, 20, 30, 40, 60]),
      hoursBand: contested ? 'HALF_DAY' : random.pick(bands),
      choices,
      resident: random.chance(0.7),
      siblingIn: contested ? [random.pick(choices.slice(1))] : facilityIds.filter(() => random.chance(0.15)),
      legalClaim: random.chance(0.6),
      submittedAt: random.pick(['2024-01-10T09:00:00Z', '2024-03-01T12:00:00Z', '2024-03-01T12:00:00Z', '2024-06-20T18:30:00Z']),
      ...(shape.dated ? { startsOn: random.pick(startDays) } : {}),
    };
  });
  const chosen = random.shuffle(allCriteria).slice(0, random.int(0, allCriteria.length));
  const priorities = contested ? ['SIBLING' as const, ...chosen.filter((criterion) => criterion !== 'SIBLING')] : chosen;
  return { seed, children, groups, config: { priorities } };
}

/** Whether `children` all fit into the facility's groups under some arrangement (backtracking). */
function fits(children: AllocationChild[], groups: AllocationGroup[]): boolean {
  const free = groups.map((entry) => entry.capacity);
  const place = (at: number): boolean => {
    if (at === children.length) return true;
    return groups.some((entry, index) => {
      if (free[index] === 0 || !accepts(entry, children[at])) return false;
      free[index]--;
      const placed = place(at + 1);
      free[index]++;
      return placed;
    });
  };
  return place(0);
}

/**
 * A facility-level matching (child → facility or null) is stable when the facility may
 * rearrange its groups: no child prefers a facility that could seat it together with all it
 * holds, or with all but one child it ranks lower.
 */
function stableWithRearrangement(instance: Instance, matching: Map<string, string | null>): boolean {
  const { children, groups, config } = instance;
  for (const applicant of children) {
    const heldAt = matching.get(applicant.id);
    const preferred = heldAt ? applicant.choices.slice(0, applicant.choices.indexOf(heldAt)) : applicant.choices;
    for (const facilityId of preferred) {
      const own = groups.filter((entry) => entry.facilityId === facilityId);
      const held = children.filter((other) => matching.get(other.id) === facilityId);
      const rank = facilityPriority(config, facilityId);
      if (fits([...held, applicant], own)) return false;
      if (held.some((lower) => rank(applicant, lower) < 0 && fits([...held.filter((other) => other !== lower), applicant], own))) return false;
    }
  }
  return true;
}

/** Every feasible facility-level matching, by brute force. */
function allMatchings(instance: Instance): Array<Map<string, string | null>> {
  const { children, groups } = instance;
  const found: Array<Map<string, string | null>> = [];
  const current = new Map<string, string | null>();
  const visit = (at: number) => {
    if (at === children.length) {
      const facilityIds = new Set(groups.map((entry) => entry.facilityId));
      const feasible = [...facilityIds].every((facilityId) =>
        fits(
          children.filter((other) => current.get(other.id) === facilityId),
          groups.filter((entry) => entry.facilityId === facilityId),
        ),
      );
      if (feasible) found.push(new Map(current));
      return;
    }
    for (const option of [null, ...children[at].choices]) {
      current.set(children[at].id, option);
      visit(at + 1);
    }
  };
  visit(0);
  return found;
}

const position = (applicant: AllocationChild, facilityId: string | null | undefined) =>
  facilityId ? applicant.choices.indexOf(facilityId) : applicant.choices.length;

const facilityMatching = (result: AllocationResult, children: AllocationChild[]) => {
  const matching = new Map<string, string | null>(children.map((entry) => [entry.id, null]));
  for (const proposal of result.proposals) matching.set(proposal.childId, proposal.facilityId);
  return matching;
};

describe('allocate on generated instances', () => {
  const small: Shape = { children: [3, 8], facilities: [2, 4], groupsPerFacility: [1, 2], choices: 4 };

  it('is stable, within capacity and rules, and places each child at most once (300 instances)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const instance = generate(seed, small);
      const result = allocate(instance.children, instance.groups, instance.config);
      expect({ seed, problems: invariantViolations(instance.children, instance.groups, result) }).toEqual({ seed, problems: [] });
      expect({ seed, blocking: blockingPairs(instance.children, instance.groups, instance.config, result) }).toEqual({ seed, blocking: [] });
    }
  });

  it('is stable and within the dates when places are free only between dates (300 instances)', () => {
    let datesDecided = 0;
    for (let seed = 5001; seed <= 5300; seed++) {
      const instance = generate(seed, { ...small, dated: true });
      const result = allocate(instance.children, instance.groups, instance.config);
      expect({ seed, problems: invariantViolations(instance.children, instance.groups, result) }).toEqual({ seed, problems: [] });
      expect({ seed, blocking: blockingPairs(instance.children, instance.groups, instance.config, result) }).toEqual({ seed, blocking: [] });
      expect({ seed, stable: stableWithRearrangement(instance, facilityMatching(result, instance.children)) }).toEqual({ seed, stable: true });
      const undated = instance.groups.map(({ availableFrom: _from, availableUntil: _until, ...group }) => group);
      if (JSON.stringify(allocate(instance.children, undated, instance.config).proposals) !== JSON.stringify(result.proposals)) datesDecided++;
    }
    // Otherwise the dates would not have been tested.
    expect(datesDecided).toBeGreaterThanOrEqual(50);
  });

  it('is stable also when facilities may rearrange their groups (300 instances)', () => {
    for (let seed = 1001; seed <= 1300; seed++) {
      const instance = generate(seed, small);
      const result = allocate(instance.children, instance.groups, instance.config);
      expect({ seed, stable: stableWithRearrangement(instance, facilityMatching(result, instance.children)) }).toEqual({ seed, stable: true });
    }
  });

  it('gives the same proposals whatever the order of children and groups in the input', () => {
    for (let seed = 2001; seed <= 2100; seed++) {
      const instance = generate(seed, small);
      const random = new SeededRandom(seed);
      const sorted = (result: AllocationResult) => [...result.proposals].sort((a, b) => (a.childId < b.childId ? -1 : 1));
      const original = allocate(instance.children, instance.groups, instance.config);
      const shuffled = allocate(random.shuffle(instance.children), random.shuffle(instance.groups), instance.config);
      expect(sorted(shuffled)).toEqual(sorted(original));
    }
  });

  // Dated places leave fewer instances with several stable matchings: twice as many of them.
  for (const [from, count, dated] of [
    [3001, 300, false],
    [6001, 600, true],
  ] as const) {
    it(`gives every child the best facility it has in any stable matching (child-optimal; brute force over ${count} instances${dated ? ' with dated places' : ''})`, () => {
      let severalStable = 0;
      for (let seed = from; seed < from + count; seed++) {
        const instance = generate(seed, { children: [3, 6], facilities: [2, 3], groupsPerFacility: [1, 2], choices: 3, contested: true, dated });
        const ours = facilityMatching(allocate(instance.children, instance.groups, instance.config), instance.children);
        const stable = allMatchings(instance).filter((matching) => stableWithRearrangement(instance, matching));
        expect(
          stable.some((matching) => instance.children.every((entry) => matching.get(entry.id) === ours.get(entry.id))),
          `seed ${seed}`,
        ).toBe(true);
        for (const matching of stable) {
          for (const applicant of instance.children) {
            expect(position(applicant, matching.get(applicant.id)), `seed ${seed} child ${applicant.id}`).toBeGreaterThanOrEqual(
              position(applicant, ours.get(applicant.id)),
            );
          }
        }
        if (stable.length > 1) severalStable++;
      }
      // Otherwise the comparison would be empty: most instances have a single stable matching.
      expect(severalStable).toBeGreaterThanOrEqual(20);
    });
  }

  it('with one group per facility, is child-optimal among all matchings the blocking-pair check calls stable', () => {
    let severalStable = 0;
    for (let seed = 4001; seed <= 4300; seed++) {
      const instance = generate(seed, { children: [3, 5], facilities: [3, 4], groupsPerFacility: [1, 1], choices: 3, contested: true });
      const groupOf = new Map(instance.groups.map((entry) => [entry.facilityId, entry]));
      const ours = facilityMatching(allocate(instance.children, instance.groups, instance.config), instance.children);
      let stable = 0;
      for (const matching of allMatchings(instance)) {
        const proposals = instance.children.flatMap((entry) => {
          const facilityId = matching.get(entry.id);
          return facilityId ? [{ childId: entry.id, facilityId, groupId: groupOf.get(facilityId)!.id, rank: entry.choices.indexOf(facilityId) + 1 }] : [];
        });
        const result: AllocationResult = { proposals, unmatched: [], stats: { children: 0, matched: 0, byRank: [] } };
        if (blockingPairs(instance.children, instance.groups, instance.config, result).length > 0) continue;
        stable++;
        for (const applicant of instance.children) {
          expect(position(applicant, matching.get(applicant.id)), `seed ${seed} child ${applicant.id}`).toBeGreaterThanOrEqual(
            position(applicant, ours.get(applicant.id)),
          );
        }
      }
      if (stable > 1) severalStable++;
    }
    // Otherwise the comparison would be empty: most instances have a single stable matching.
    expect(severalStable).toBeGreaterThanOrEqual(20);
  });
});
