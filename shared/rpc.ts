// The RPC contract the renderer compiles against. Type-only: the router lives in the core, and
// only its type crosses to the renderer (tRPC infers inputs and outputs from it).
export type { AppRouter } from '../electron/server/router';

/** Where the core mounts tRPC, and the cookie that carries a browser session. */
export const RPC_BASE_PATH = '/trpc';
export const SESSION_COOKIE = 'catd_session';
/** Path that exchanges the per-start launch token for a session cookie. */
export const AUTH_PATH = '/auth';
