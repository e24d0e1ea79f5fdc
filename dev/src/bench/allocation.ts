import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@kita/shared';
// The reservation package does not export the allocation (yet): its compiled module, by path.
import {
  type AllocationChild,
  type AllocationConfig,
  type AllocationGroup,
  type AllocationResult,
  allocate,
  blockingPairs,
  type HoursBand,
} from '../../../subgraphs/reservation/dist/allocation/allocation.js';
import { machine } from './report.js';
import { writeMarkedSection } from './sections.js';

// `npm run bench:allocation`: one municipality's allocation run at the size of a large city:
// 10,000 open Vormerkungen with 5 ranked choices each over 500 groups in 200 facilities, with
// enough free places that about 70 % of the children can be placed (Krippe places are short, as in
// most cities). Deterministic instance (seeded), timed 5 times.

const reportPath = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));

const shape = { children: 10_000, choices: 5, facilities: 200, districts: 20, runs: 5, seed: 20250201 };
const config: AllocationConfig = { priorities: ['SIBLING', 'LEGAL_CLAIM', 'RESIDENCE', 'WAITING_TIME'] };
/** Start of the Kita year the run allocates for. */
const wishedStart = Date.UTC(2025, 7, 1);

interface Instance {
  children: AllocationChild[];
  groups: AllocationGroup[];
}

const hours: ReadonlyArray<readonly [HoursBand, number]> = [
  ['HALF_DAY', 0.2],
  ['THREE_QUARTER', 0.35],
  ['FULL_DAY', 0.45],
];

/**
 * Facilities in 20 districts, each a Krippe group (under 3) and a Kindergarten group, half of
 * them a third group (Kindergarten or mixed ages). Children ask for facilities with a group for
 * their age, mostly in their own district, more often the popular ones.
 */
function generate(): Instance {
  const random = new SeededRandom(shape.seed);
  const facilities = Array.from({ length: shape.facilities }, (_, at) => ({
    id: `kita-${String(at).padStart(3, '0')}`,
    district: at % shape.districts,
    popularity: 0.3 + random.next() ** 2 * 3,
  }));
  // Free places per group, scaled below so that about 70 % of the children can be placed (ages and hours leave some places unused).
  const draft = facilities.flatMap((facility, at) => {
    const third = at % 2 === 0 ? [random.chance(0.5) ? { ageFromMonths: 36, ageToMonths: 78, size: 8 } : { ageFromMonths: 24, ageToMonths: 78, size: 7 }] : [];
    return [{ ageFromMonths: 8, ageToMonths: 36, size: 6 }, { ageFromMonths: 36, ageToMonths: 78, size: 8 }, ...third].map((band, index) => ({
      ...band,
      id: `${facility.id}-g${index}`,
      facilityId: facility.id,
      hoursBand: random.weighted(hours),
      size: band.size * (0.5 + random.next()),
    }));
  });
  const scale = (shape.children * 0.95) / draft.reduce((sum, group) => sum + group.size, 0);
  const groups: AllocationGroup[] = draft.map(({ size, ...group }) => ({ ...group, capacity: Math.max(1, Math.round(size * scale)) }));

  const fittingByAge = new Map<number, typeof facilities>();
  const fittingAt = (age: number) => {
    let fitting = fittingByAge.get(age);
    if (!fitting) {
      const ids = new Set(groups.filter((group) => group.ageFromMonths <= age && age < group.ageToMonths).map((group) => group.facilityId));
      fitting = facilities.filter((facility) => ids.has(facility.id));
      fittingByAge.set(age, fitting);
    }
    return fitting;
  };

  const children = Array.from({ length: shape.children }, (_, at): AllocationChild => {
    const ageAtStartMonths = random.weighted([
      [random.int(8, 11), 0.05],
      [random.int(12, 35), 0.55],
      [random.int(36, 72), 0.4],
    ]);
    const birth = new Date(wishedStart);
    birth.setUTCMonth(birth.getUTCMonth() - ageAtStartMonths);
    birth.setUTCDate(random.int(1, 28));
    const home = random.int(0, shape.districts - 1);
    const fitting = fittingAt(ageAtStartMonths);
    const choices: string[] = [];
    while (choices.length < shape.choices) {
      const nearby = random.chance(0.7) ? fitting.filter((facility) => facility.district === home) : fitting;
      const candidates = nearby.filter((facility) => !choices.includes(facility.id));
      if (candidates.length === 0) continue;
      choices.push(random.weighted(candidates.map((facility) => [facility.id, facility.popularity] as const)));
    }
    return {
      id: `reservation-${String(at).padStart(5, '0')}`,
      birthDate: birth.toISOString().slice(0, 10),
      ageAtStartMonths,
      hoursBand: random.weighted(hours),
      choices,
      resident: random.chance(0.92),
      siblingIn: random.chance(0.15) ? [random.chance(0.7) ? choices[0] : choices[random.int(1, shape.choices - 1)]] : [],
      legalClaim: ageAtStartMonths >= 12,
      submittedAt: new Date(wishedStart - random.int(30, 540) * 86_400_000 - random.int(0, 86_399_999)).toISOString(),
    };
  });
  return { children, groups };
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const sameProposals = (a: AllocationResult, b: AllocationResult) => JSON.stringify(a.proposals) === JSON.stringify(b.proposals);

function section(input: { instance: Instance; times: number[]; result: AllocationResult; blocking: number; checkMs: number }): string {
  const { instance, times, result } = input;
  const sorted = [...times].sort((a, b) => a - b);
  const m = machine();
  const seats = instance.groups.reduce((sum, group) => sum + group.capacity, 0);
  const percent = (count: number) => `${fixed((100 * count) / result.stats.children, 1)} %`;
  const rankRows = result.stats.byRank.map((count, at) => `| ${at + 1} | ${count} | ${percent(count)} |`);
  return `## Allocation

\`npm run bench:allocation\` times \`allocate\` (subgraphs/reservation/src/allocation): child-proposing
deferred acceptance for one municipality's run, ${shape.children.toLocaleString('en')} children × ${shape.choices} ranked choices over
${instance.groups.length} groups in ${shape.facilities} facilities (${seats.toLocaleString('en')} free places), priorities
${config.priorities.join(' > ')}, then the older child. The instance is generated from a fixed seed; the run
is repeated ${shape.runs} times in one process (the first includes JIT warm-up).

| runs | median ms | min ms | max ms |
|---:|---:|---:|---:|
| ${times.length} | ${fixed(sorted[Math.floor(sorted.length / 2)], 1)} | ${fixed(sorted[0], 1)} | ${fixed(sorted[sorted.length - 1], 1)} |

Each run: ${times.map((time) => fixed(time, 1)).join(', ')} ms. Matched ${result.stats.matched.toLocaleString('en')} of ${result.stats.children.toLocaleString('en')} (${percent(result.stats.matched)}); every run gave the
same proposals. The brute-force check found ${input.blocking} blocking pairs (${fixed(input.checkMs, 0)} ms, not timed above).

| choice | children | share of all |
|---:|---:|---:|
${rankRows.join('\n')}
| none | ${result.unmatched.length} | ${percent(result.unmatched.length)} |

Machine: ${m.cpu}, ${m.cores} cores (the run uses one), ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${new Date().toISOString().slice(0, 10)}.
`;
}

async function main() {
  const instance = generate();
  const times: number[] = [];
  const results: AllocationResult[] = [];
  for (let run = 0; run < shape.runs; run++) {
    const started = performance.now();
    results.push(allocate(instance.children, instance.groups, config));
    times.push(performance.now() - started);
  }
  const result = results[0];
  if (!results.every((other) => sameProposals(other, result))) throw new Error('allocate gave different proposals for the same input');

  const checkStarted = performance.now();
  const blocking = blockingPairs(instance.children, instance.groups, config, result).length;
  const checkMs = performance.now() - checkStarted;

  const text = section({ instance, times, result, blocking, checkMs });
  console.log(text.trim());
  await writeMarkedSection(reportPath, 'allocation', text);
  console.log('\nWritten to the allocation section of docs/benchmarks.md.');
  if (blocking > 0) process.exitCode = 1;
}

await main();
