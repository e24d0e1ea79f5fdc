import { readFileSync } from 'node:fs';
import { emptyRegistry } from '@kita/registry';
import { freePort } from '@kita/shared';
import { postGraphQL, testVerifier } from '@kita/shared/testing';
import { describe, expect, it } from 'vitest';
import { startGateway } from './gateway.js';

const supergraphSdl = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');

describe('a subgraph the gateway reaches at one address (no registry)', () => {
  it('that does not answer is SUBGRAPH_UNAVAILABLE, naming the subgraph but not its address, and nothing is logged as unexpected', async () => {
    // A port nothing listens on (taken, then given back).
    const port = await freePort();
    const logged: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (event: string) => void logged.push(event),
      error: (event: string) => void logged.push(event),
      child: () => logger,
    };
    const gateway = await startGateway({
      supergraphSdl,
      registry: emptyRegistry,
      subgraphUrls: { facility: `http://127.0.0.1:${port}/graphql` },
      verifier: testVerifier,
      port: 0,
      introspection: false,
      landingPage: false,
      logger,
    });
    try {
      const { status, body } = await postGraphQL(gateway.url, '{ facilities(first: 1) { totalCount } }');
      expect(status).toBe(200);
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({
        message: 'The facility subgraph did not answer.',
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'facility' },
      });
      expect(JSON.stringify(body)).not.toContain(String(port));
      expect(logged).not.toContain('unexpected_error');
    } finally {
      await gateway.close();
    }
  });
});
