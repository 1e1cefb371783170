import { useQuery } from '@tanstack/react-query';
import { isWaitingStatus } from '@checkstand/contract';
import { fetchOrder, orderQueryKey } from '../api/orders';

/** How often an order still waiting on the payment provider is asked for again. */
export const LIVE_STATUS_INTERVAL_MS = 5_000;

/**
 * One order, opened with this browser's token, kept live while it waits on the payment provider (the server
 * reads the session back from Stripe on these requests, so the status converges without webhooks).
 */
export function useOrder(orderId: string, token: string | undefined) {
  return useQuery({
    queryKey: orderQueryKey(orderId),
    queryFn: ({ signal }) => fetchOrder(orderId, token ?? '', signal),
    enabled: Boolean(token),
    staleTime: 0,
    refetchInterval: (query) =>
      query.state.data && isWaitingStatus(query.state.data.status) ? LIVE_STATUS_INTERVAL_MS : false,
  });
}
