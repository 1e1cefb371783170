import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        // Retry what can get better on its own (network, 5xx), not a request the server rejected.
        retry: (failureCount, error) => failureCount < 2 && (!(error instanceof ApiError) || error.retryable),
      },
    },
  });
}
