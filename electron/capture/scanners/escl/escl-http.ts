// The HTTP half of eSCL: each request with its own deadline, every network failure returned as a
// value with a cause code (ECONNREFUSED, ECONNRESET, timeout...) instead of a thrown TypeError.
export type HttpAnswer =
  | { kind: 'response'; status: number; headers: Headers; body: Uint8Array }
  | { kind: 'network'; code: string };

/** An answer bigger than this is not a page: a letter page at 600 dpi colour JPEG is ~10 MB. */
export const ESCL_MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function request(
  url: string | URL,
  init: { method?: string; body?: string; contentType?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<HttpAnswer> {
  const signals = [AbortSignal.timeout(init.timeoutMs), ...(init.signal ? [init.signal] : [])];
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      body: init.body,
      headers: init.contentType ? { 'content-type': init.contentType } : undefined,
      signal: AbortSignal.any(signals),
      redirect: 'manual',
    });
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > ESCL_MAX_BODY_BYTES) {
      await res.body?.cancel();
      return { kind: 'network', code: 'TOO_LARGE' };
    }
    const body = new Uint8Array(await res.arrayBuffer());
    return { kind: 'response', status: res.status, headers: res.headers, body };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError') return { kind: 'network', code: 'timeout' };
    if (e.name === 'AbortError') return { kind: 'network', code: 'aborted' };
    return { kind: 'network', code: e.cause?.code ?? e.name };
  }
}

export function text(body: Uint8Array): string {
  return Buffer.from(body).toString('utf8');
}
