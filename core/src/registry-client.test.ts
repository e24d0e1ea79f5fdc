import { describe, expect, it } from 'vitest';
import { registryEndpoints } from './registry-client.js';

describe('REGISTRY_URL', () => {
  it("is the gateway's base URL; the earlier /trust form names the same gateway", () => {
    const expected = { trust: 'https://gateway.example/trust', instances: 'https://gateway.example/registry/instances' };
    expect(registryEndpoints('https://gateway.example')).toEqual(expected);
    expect(registryEndpoints('https://gateway.example/')).toEqual(expected);
    expect(registryEndpoints('https://gateway.example/trust')).toEqual(expected);
    expect(registryEndpoints('https://kita.example/gateway/')).toEqual({
      trust: 'https://kita.example/gateway/trust',
      instances: 'https://kita.example/gateway/registry/instances',
    });
  });
});
