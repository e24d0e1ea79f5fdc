import type { AllocationChild, AllocationConfig, AllocationGroup, AllocationResult } from './allocation.types.js';
import { accepts, facilityPriority } from './rules.js';

/**
 * Every (child, facility) pair that would rather have each other than what the result gave
 * them: the facility is among the child's choices and ranked above its proposal (having none
 * is worst), and the facility has a group that accepts the child with either a free seat or a
 * child the facility ranks below it. An empty list means the result is stable.
 *
 * Deliberately brute force over all children and their choices, and sharing nothing with the
 * allocation but the rules, so that it can check the allocation.
 */
export function blockingPairs(
  children: AllocationChild[],
  groups: AllocationGroup[],
  config: AllocationConfig,
  result: AllocationResult,
): Array<{ childId: string; facilityId: string }> {
  const childById = new Map(children.map((child) => [child.id, child]));
  const proposalByChild = new Map(result.proposals.map((proposal) => [proposal.childId, proposal]));
  const occupants = new Map<string, AllocationChild[]>(groups.map((group) => [group.id, []]));
  for (const proposal of result.proposals) occupants.get(proposal.groupId)?.push(childById.get(proposal.childId)!);

  const pairs: Array<{ childId: string; facilityId: string }> = [];
  for (const child of children) {
    const proposal = proposalByChild.get(child.id);
    const heldAt = proposal ? child.choices.indexOf(proposal.facilityId) : -1;
    const preferred = heldAt < 0 ? child.choices : child.choices.slice(0, heldAt);
    for (const facilityId of new Set(preferred)) {
      const ranks = facilityPriority(config, facilityId);
      const wantsChild = groups.some((group) => {
        if (group.facilityId !== facilityId || !accepts(group, child)) return false;
        const seated = occupants.get(group.id)!;
        return seated.length < group.capacity || seated.some((other) => ranks(child, other) < 0);
      });
      if (wantsChild) pairs.push({ childId: child.id, facilityId });
    }
  }
  return pairs;
}
