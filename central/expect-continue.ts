// Expect: 100-continue at the intake. A station sends a page (64 KiB or more) only once the node
// asks for it (electron/transmit/http-client.ts), so a node that turns the request away answers
// before the page crosses the CATD's link: busy at the peak (about one busy answer per acta let
// in), or a signature refused. The node asks when it is about to read the body, after the
// admission and the signature checks; anything that answers without asking closes the connection,
// which is left between a request's head and its body.
import type http from 'node:http';

const asked = new WeakSet<http.ServerResponse>();

/** The client is waiting to be asked for its body, and has not been. */
export function bodyWithheld(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  return /^\s*100-continue\s*$/i.test(req.headers.expect ?? '') && !asked.has(res);
}

/** Asks for the body if the client is waiting to be asked (once). */
export function askForBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!bodyWithheld(req, res)) return;
  asked.add(res);
  res.writeContinue();
}
