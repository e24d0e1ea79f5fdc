import { committedSupergraph, compose, developmentSubgraphUrls } from '@kita/schema/compose';
import { federationLinkOf, perMunicipalitySubgraphs } from '@kita/shared';
import { describe, expect, it } from 'vitest';
import { currentSubgraphSdls } from './current.js';

// Which subgraphs run once per municipality is declared by each subgraph (`@perMunicipality`),
// composed into the supergraph, and read from there by the gateway and the registry's validation.

const fees = `${federationLinkOf({ perMunicipality: 'fees' })}

type Query {
  feeTables(municipalities: [String!]): [FeeTable!] @fanOut(merge: "CONCAT")
}

type FeeTable {
  municipality: String!
}

type Facility @key(fields: "id") {
  id: ID!
  monthlyFee: Int
}
`;

describe('per-municipality subgraphs', () => {
  it('are the three the committed supergraph declares, not the registry subgraph', async () => {
    expect(perMunicipalitySubgraphs(await committedSupergraph()).sort()).toEqual(['facility', 'reservation', 'vacancy']);
  });

  it('include a fourth subgraph that declares itself, composed with ours', async () => {
    const composition = compose({ ...(await currentSubgraphSdls()), fees }, { ...developmentSubgraphUrls, fees: 'http://127.0.0.1:4010/graphql' });
    expect(composition.errors).toEqual([]);
    expect(perMunicipalitySubgraphs(composition.supergraphSdl).sort()).toEqual(['facility', 'fees', 'reservation', 'vacancy']);
  });

  it('ignore a declaration that names no subgraph of the supergraph', async () => {
    const misnamed = fees.replace('@perMunicipality(subgraph: "fees")', '@perMunicipality(subgraph: "charges")');
    const composition = compose({ ...(await currentSubgraphSdls()), fees: misnamed }, { ...developmentSubgraphUrls, fees: 'http://127.0.0.1:4010/graphql' });
    expect(composition.errors).toEqual([]);
    expect(perMunicipalitySubgraphs(composition.supergraphSdl)).not.toContain('charges');
    expect(perMunicipalitySubgraphs(composition.supergraphSdl)).not.toContain('fees');
  });
});
