import { useQuery } from '@apollo/client/react';
import { MunicipalitiesDocument, type MunicipalitiesQuery } from '@kita/sdk';
import { createContext, useContext } from 'react';
import type { Auth } from './auth';
import type { PortalConfig } from './config';

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
 */
export function useMunicipalities() {
  const { data } = useQuery(MunicipalitiesDocument, { fetchPolicy: 'cache-first', errorPolicy: 'all' });
  const list = (data?.municipalities ?? []).filter((municipality) => municipality != null);
  const find = (key: string) => list.find((municipality) => municipality.key === key);
  const nameOf = (key: string) => find(key)?.name ?? key;
  const capOf = (key: string): number | null => find(key)?.maxChoices ?? null;
  return { list, find, nameOf, capOf };
}
