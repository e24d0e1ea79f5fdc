import { tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { city, gatewayClient, landkreis, startTestStack, type TestStack } from './support.js';

// The seeded demo data of Hansestadt and Landkreis Lüneburg, read as the city office reads it
// through the gateway: its queue's children in duplicate review. The demo keeps the rules it
// seeds (no child placed twice, no open choice beside a place) and shows a child waiting in both.
let stack: TestStack;
const { ok } = gatewayClient(() => stack.gateway.url);

const queuePage = `query($m: String!, $after: String) { reservationQueue(municipality: $m, first: 100, after: $after, status: [SUBMITTED, IN_REVIEW, OFFERED, ACCEPTED]) {
  edges { node { part { childPseudonym } } } pageInfo { hasNextPage endCursor } } }`;
const duplicates = `query($p: [String!]!) { duplicateChoices(pseudonyms: $p) { pseudonym municipality kind rank status } }`;

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis], seed: true, facilitiesPerMunicipality: 12 });
  // The kind of care comes from the facility facts the reservation instances follow as events: let them catch up.
  for (const municipality of [city, landkreis]) await stack.instance(municipality, 'reservation').background!.catchUp!();
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('the demo data in duplicate review', () => {
  it('holds no child with two places or a place beside open choices, and one child waiting in city and Landkreis', async () => {
    const office = await tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
    const pseudonyms = new Set<string>();
    let after: string | null = null;
    do {
      const page: any = await ok(queuePage, { m: city, after }, office);
      for (const edge of page.edges) pseudonyms.add(edge.node.part.childPseudonym);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pseudonyms.size).toBeGreaterThan(0);
    expect(pseudonyms.size).toBeLessThanOrEqual(100);

    const choices: any[] = await ok(duplicates, { p: [...pseudonyms] }, office);
    const byChild = new Map<string, any[]>();
    for (const choice of choices) byChild.set(choice.pseudonym, [...(byChild.get(choice.pseudonym) ?? []), choice]);
    const waitingTwice = [];
    for (const [pseudonym, own] of byChild) {
      const accepted = own.filter((choice) => choice.status === 'ACCEPTED');
      expect(accepted.length, pseudonym).toBeLessThanOrEqual(1);
      if (accepted.length) expect(own, pseudonym).toHaveLength(1);
      if (!accepted.length && new Set(own.map((choice) => choice.municipality)).size === 2) waitingTwice.push(pseudonym);
    }
    expect(waitingTwice.length).toBeGreaterThan(0);
    expect(JSON.stringify(choices)).not.toMatch(/firstName|lastName|@example\.org/);
  });
});
