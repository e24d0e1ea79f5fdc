import { useQuery } from '@apollo/client/react';
import { MunicipalitiesDocument } from '@kita/sdk';

/** The registry's municipalities, and a name for a key (the key itself until they have loaded). */
export function useMunicipalities() {
  const { data } = useQuery(MunicipalitiesDocument, { fetchPolicy: 'cache-first' });
  const list = data?.municipalities ?? [];
  return { list, nameOf: (key: string) => list.find((municipality) => municipality.key === key)?.name ?? key };
}

export const useMunicipalityName = () => useMunicipalities().nameOf;
