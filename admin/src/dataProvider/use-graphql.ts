import { useCallback, useEffect, useRef, useState } from 'react';
import { useLogout } from 'react-admin';
import { graphqlRequest, GraphQLRequestError } from './graphql-request';

export interface GraphQLQueryState<T> {
  data?: T;
  error?: GraphQLRequestError;
  loading: boolean;
  refetch: () => void;
}

/**
 * A custom page's query: runs `query` whenever its variables change and, while
 * `refetchInterval(data)` returns a number, again after that many milliseconds (job progress).
 * An expired session signs out, as the data provider's lists do.
 */
export function useGraphQLQuery<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { enabled?: boolean; refetchInterval?: (data: T | undefined) => number | false } = {},
): GraphQLQueryState<T> {
  const { enabled = true } = options;
  const [state, setState] = useState<{ data?: T; error?: GraphQLRequestError; loading: boolean }>({ loading: enabled });
  const [tick, setTick] = useState(0);
  const logout = useLogout();
  const key = JSON.stringify(variables);
  const intervalRef = useRef(options.refetchInterval);
  intervalRef.current = options.refetchInterval;

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((previous) => ({ ...previous, loading: true }));
    graphqlRequest<T>(query, JSON.parse(key))
      .then((data) => {
        if (cancelled) return;
        setState({ data, loading: false });
        const wait = intervalRef.current?.(data);
        if (wait) timer = setTimeout(() => setTick((n) => n + 1), wait);
      })
      .catch((error: GraphQLRequestError) => {
        if (cancelled) return;
        if (error.status === 401) { void logout(); return; }
        setState({ error, loading: false });
      });
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
  }, [query, key, enabled, tick, logout]);

  const refetch = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, refetch };
}
