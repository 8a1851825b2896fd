// The central's JSON answers (intake protocol and panel alike): the body's bytes and the headers
// that go with them, never cached. The intake may then trickle the bytes (its `trickle` fault).
export function jsonReply(
  body: unknown,
  headers: Record<string, string> = {},
): { text: Buffer; headers: Record<string, string> } {
  const text = Buffer.from(JSON.stringify(body));
  return {
    text,
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'Content-Length': String(text.length),
      ...headers,
    },
  };
}
