import { PublicStoreInfo } from '@checkstand/contract';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './api-client';

export const storeInfoQueryKey = ['store'] as const;

/** `GET /api/store`: how the shop charges tax and where it ships, as customers are told before checkout. */
export function fetchStoreInfo(signal?: AbortSignal): Promise<PublicStoreInfo> {
  return apiRequest('/store', PublicStoreInfo, { signal });
}

/** The shop's public settings; they change rarely, so one read serves every page for a few minutes. */
export function useStoreInfo() {
  return useQuery({
    queryKey: storeInfoQueryKey,
    queryFn: ({ signal }) => fetchStoreInfo(signal),
    staleTime: 5 * 60_000,
  });
}
