import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { city, gatewayClient, landkreis, startTestStack, type TestStack } from './support.js';

// `Municipality.maxChoices` through the gateway: the registry's Municipality entity is routed to the
// reservation instance of the municipality it names (its key), so that a portal shows each cap.
let stack: TestStack;
const api = gatewayClient(() => stack.gateway.url);

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis], reservation: { maxChoices: 3 } });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('Municipality.maxChoices through the gateway', () => {
  it('lists every municipality with its own instance’s cap, without a login', async () => {
    const list = await api.ok('{ municipalities { key maxChoices } }', {});
    expect(list).toEqual([
      { key: city, maxChoices: 3 },
      { key: landkreis, maxChoices: 3 },
    ]);
    expect(await api.ok('query($k: String!) { municipalityByKey(key: $k) { name maxChoices } }', { k: landkreis })).toEqual({
      name: 'Landkreis Lüneburg',
      maxChoices: 3,
    });
  });

  it('a stopped municipality costs only its cap (null, one MUNICIPALITY_UNAVAILABLE); the others answer', async () => {
    await stack.instance(landkreis, 'reservation').close();
    const answer = await api.call('{ municipalities { key name maxChoices } }');
    expect(answer.body.data?.municipalities).toEqual([
      { key: city, name: 'Hansestadt Lüneburg', maxChoices: 3 },
      { key: landkreis, name: 'Landkreis Lüneburg', maxChoices: null },
    ]);
    expect(answer.body.errors?.map((error) => [error.extensions?.code, error.extensions?.municipality])).toEqual([['MUNICIPALITY_UNAVAILABLE', landkreis]]);
  });
});
