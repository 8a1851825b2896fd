// The renderer's side of the RPC contract, for a harness: a session cookie from the one-use launch
// link, then tRPC calls over loopback HTTP. A dead core is an exception (CoreUnreachable); an
// answer the core gave, success or refusal, is a value.
import { SESSION_COOKIE } from '../../shared/rpc';

/** A harness call that takes longer than this means a hung core, which is itself a finding. */
export const RPC_TIMEOUT_MS = 60_000;

export class CoreUnreachable extends Error {}

export type RpcAnswer =
  { ok: true; data: any } | { ok: false; status: number; code: string; message: string };

export class StationClient {
  private constructor(
    readonly origin: string,
    private readonly cookie: string,
  ) {}

  static async connect(origin: string, launchPath: string): Promise<StationClient> {
    const res = await guarded(() => fetch(`${origin}${launchPath}`, { redirect: 'manual' }));
    const m = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get('set-cookie') ?? '');
    if (res.status !== 303 || !m) throw new Error(`launch link refused: HTTP ${res.status}`);
    return new StationClient(origin, `${SESSION_COOKIE}=${m[1]}`);
  }

  query(procedure: string, input?: unknown): Promise<RpcAnswer> {
    const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return this.call('GET', `${procedure}${q}`);
  }

  mutation(procedure: string, input?: unknown): Promise<RpcAnswer> {
    return this.call('POST', procedure, JSON.stringify(input ?? null));
  }

  /** Like query/mutation, but a refusal throws (for steps that must succeed). */
  async must(kind: 'query' | 'mutation', procedure: string, input?: unknown): Promise<any> {
    const a = await (kind === 'query' ? this.query(procedure, input) : this.mutation(procedure, input));
    if (!a.ok) throw new Error(`${procedure} refused: ${a.status} ${a.code} ${a.message}`);
    return a.data;
  }

  private async call(method: 'GET' | 'POST', pathAndQuery: string, body?: string): Promise<RpcAnswer> {
    const res = await guarded(() =>
      fetch(`${this.origin}/trpc/${pathAndQuery}`, {
        method,
        headers: { 'content-type': 'application/json', cookie: this.cookie },
        signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
        ...(body !== undefined ? { body } : {}),
      }),
    );
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new CoreUnreachable(String(err));
    }
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, status: res.status, code: 'NOT_JSON', message: text.slice(0, 200) };
    }
    if (res.ok && json?.result) return { ok: true, data: json.result.data };
    const err = json?.error ?? {};
    return {
      ok: false,
      status: res.status,
      code: String(err.data?.code ?? 'UNKNOWN'),
      message: String(err.message ?? text.slice(0, 200)),
    };
  }
}

async function guarded(f: () => Promise<Response>): Promise<Response> {
  try {
    return await f();
  } catch (err) {
    if ((err as Error).name === 'TimeoutError')
      throw new Error(`the core did not answer within ${RPC_TIMEOUT_MS} ms`);
    throw new CoreUnreachable(String(err));
  }
}
