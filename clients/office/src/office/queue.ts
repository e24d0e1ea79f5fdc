import { useApolloClient } from '@apollo/client/react';
import {
  DeskReservationQueueDocument,
  type DeskReservationQueueQuery,
  type DeskReservationQueueQueryVariables,
  type DeskReservationRowFragment,
} from '@kita/sdk';
import { useCallback, useEffect, useState } from 'react';

type Connection = NonNullable<DeskReservationQueueQuery['reservationQueue']>;

/** At most this many pages of 100: a municipality's whole work queue, with room to spare. */
const maxPages = 30;

/**
 * The whole work queue that matches `variables`, every page of it: the allocation explains every
 * child and the duplicate review asks about every child, so a first page is not enough.
 */
export function useWholeQueue(variables: Omit<DeskReservationQueueQueryVariables, 'after'>) {
  const client = useApolloClient();
  const [state, setState] = useState<{ rows: DeskReservationRowFragment[]; loading: boolean; failed: boolean }>({ rows: [], loading: true, failed: false });
  const key = JSON.stringify(variables);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the variables by value (key), not by identity
  const load = useCallback(async () => {
    const fetchPage = async (after: string | null | undefined): Promise<Connection> => {
      const { data, error } = await client.query({ query: DeskReservationQueueDocument, variables: { ...variables, after }, fetchPolicy: 'network-only' });
      if (!data?.reservationQueue) throw error ?? new Error('no queue');
      return data.reservationQueue;
    };
    setState((current) => ({ ...current, loading: true }));
    const rows: DeskReservationRowFragment[] = [];
    let after: string | null | undefined = null;
    try {
      for (let page = 0; page < maxPages; page += 1) {
        const connection: Connection = await fetchPage(after);
        rows.push(...connection.edges.map((edge) => edge.node));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      setState({ rows, loading: false, failed: false });
    } catch {
      setState({ rows, loading: false, failed: true });
    }
  }, [client, key]);
  useEffect(() => {
    void load();
  }, [load]);
  return { ...state, refetch: load };
}
