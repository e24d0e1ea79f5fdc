import { useApolloClient, useQuery } from '@apollo/client/react';
import { MunicipalitiesDocument, type MunicipalitiesQuery, MunicipalityCapDocument } from '@kita/sdk';
import { createContext, useContext, useEffect, useState } from 'react';
import type { Auth } from './auth';
import type { PortalConfig } from './config';
import { useShortlist } from './shortlist';

export type Municipality = NonNullable<MunicipalitiesQuery['municipalities']>[number];

export interface Portal {
  config: PortalConfig;
  auth: Auth;
}

export const PortalContext = createContext<Portal | null>(null);

export function usePortal(): Portal {
  const portal = useContext(PortalContext);
  if (!portal) throw new Error('PortalContext missing');
  return portal;
}

/**
 * The registry's municipalities, a name for a key (the key itself until they have loaded), and each
 * one's cap of choices per reservation as its reservation service says (`Municipality.maxChoices`;
 * null while unknown: not loaded yet, or the municipality did not answer).
 *
 * The list asks the registry only (the gateway's response cache keeps it; no municipality is asked).
 * A cap matters only where the shortlist has a choice (the shortlist, the form, the button beside a
 * facility), so the caps are asked for the shortlist's municipalities only, one MunicipalityCap each;
 * Apollo Client dedups the requests and keeps the answers, so a cap is asked once per page load.
 */
export function useMunicipalities() {
  const { data } = useQuery(MunicipalitiesDocument, { fetchPolicy: 'cache-first', errorPolicy: 'all' });
  const list = (data?.municipalities ?? []).filter((municipality) => municipality != null);
  const find = (key: string) => list.find((municipality) => municipality.key === key);
  const nameOf = (key: string) => find(key)?.name ?? key;
  const capOf = useCaps();
  return { list, find, nameOf, capOf };
}

/** The caps of the shortlist's municipalities, read from Apollo Client's cache; asks the ones not there yet. */
function useCaps(): (key: string) => number | null {
  const client = useApolloClient();
  const entries = useShortlist();
  const [, setAnswered] = useState(0);
  const keys = [...new Set(entries.map((entry) => entry.municipality))].sort().join(',');
  useEffect(() => {
    if (!keys) return;
    let live = true;
    for (const key of keys.split(',')) {
      client.query({ query: MunicipalityCapDocument, variables: { key }, fetchPolicy: 'cache-first', errorPolicy: 'all' }).then(
        () => live && setAnswered((count) => count + 1),
        () => {},
      );
    }
    return () => {
      live = false;
    };
  }, [client, keys]);
  return (key) => client.readQuery({ query: MunicipalityCapDocument, variables: { key } })?.municipalityByKey?.maxChoices ?? null;
}
