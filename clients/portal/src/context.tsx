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

/** The registry's municipalities, and a name for a key (the key itself until they have loaded). */
export function useMunicipalities() {
  const { data } = useQuery(MunicipalitiesDocument, { fetchPolicy: 'cache-first' });
  const list = data?.municipalities ?? [];
  const nameOf = (key: string) => list.find((municipality) => municipality.key === key)?.name ?? key;
  return { list, nameOf };
}
