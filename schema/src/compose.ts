import { readFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphSdlPath, supergraphPath } from './paths.js';

/** Every subgraph of the committed supergraph: the three per-municipality ones and the registry. */
export const composedSubgraphs = ['facility', 'vacancy', 'reservation', 'registry'] as const;
export type ComposedSubgraph = (typeof composedSubgraphs)[number];

/**
 * URLs written into the committed supergraph. The per-municipality subgraphs are routed by the
 * registry and the gateway hosts the registry subgraph itself, so these only matter to a gateway
 * started as a plain federation gateway (`--supergraph`, empty registry) on a laptop.
 */
export const developmentSubgraphUrls: Record<ComposedSubgraph, string> = {
  facility: 'http://127.0.0.1:4001/graphql',
  vacancy: 'http://127.0.0.1:4002/graphql',
  reservation: 'http://127.0.0.1:4003/graphql',
  registry: 'http://127.0.0.1:4090/graphql',
};

/** Hints we decided to treat as errors: anything else composition says must be read by a person. */
export const allowedHintCodes = new Set<string>([]);

export interface Composition {
  supergraphSdl: string;
  errors: string[];
  hints: string[];
}

/**
 * Composes subgraph SDLs with @apollo/composition; errors and forbidden hints are returned, not
 * thrown. Every subgraph in `sdls` is composed (a test may add one of its own beside ours).
 */
export function compose(sdls: Record<string, string>, urls: Record<string, string> = developmentSubgraphUrls): Composition {
  const result = composeServices(Object.keys(sdls).map((name) => ({ name, url: urls[name], typeDefs: parse(sdls[name]) })));
  const hints = (result.hints ?? []).filter((hint) => !allowedHintCodes.has(hint.definition.code)).map((hint) => `${hint.definition.code}: ${hint.message}`);
  if (result.errors) return { supergraphSdl: '', errors: result.errors.map((error) => error.message), hints };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints };
}

export async function committedSupergraph(): Promise<string> {
  return readFile(supergraphPath, 'utf8');
}

export async function committedSubgraphSdl(name: ComposedSubgraph): Promise<string> {
  return readFile(subgraphSdlPath(name), 'utf8');
}
