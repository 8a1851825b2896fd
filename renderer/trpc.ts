// The renderer's only way to the core: tRPC over same-origin HTTP (the session cookie rides
// along), with server-sent events for the live streams.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../shared/rpc';
import { RPC_BASE_PATH } from '../shared/rpc';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: RPC_BASE_PATH }),
        false: httpBatchLink({ url: RPC_BASE_PATH }),
      }),
    ],
  });
}
