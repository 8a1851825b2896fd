// The panel's originals (central/originals.ts) over HTTP, for a signed-in central operator:
// GET lists the requests and whether each original has arrived, POST asks for an acta's
// originals, and GET …/original?sha256= gives one original's bytes once it is sealed here.
import type http from 'node:http';
import type { Logger } from '../electron/platform/logger';
import { SECURITY_HEADERS } from '../electron/platform/security-headers';
import {
  OriginalFileQuerySchema,
  OriginalRequestSchema,
  PANEL_ORIGINAL_FILE_PATH,
} from '../shared/central-panel';
import { ActaKeyIdSchema } from '../shared/intake';
import type { CentralBlobStore } from './blob-store';
import type { CentralDb } from './db';
import { OriginalRequests } from './originals';

type Json = (res: http.ServerResponse, status: number, body: unknown) => void;

/** The image type of a scanned file by its first bytes (a station scans PNG, JPEG or TIFF). */
function imageType(head: Buffer): { type: string; ext: string } {
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { type: 'image/png', ext: 'png' };
  if (head[0] === 0xff && head[1] === 0xd8) return { type: 'image/jpeg', ext: 'jpg' };
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\0' || tiff === 'MM\0*') return { type: 'image/tiff', ext: 'tif' };
  return { type: 'application/octet-stream', ext: 'bin' };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

export function originalRoutes(db: CentralDb, blobs: CentralBlobStore, now: () => Date, log: () => Logger) {
  const requests = new OriginalRequests(db, now);
  return {
    requests,
    async handle(
      req: http.IncomingMessage,
      res: http.ServerResponse,
      url: URL,
      operatorId: string,
      json: Json,
      readBody: () => Promise<unknown>,
    ): Promise<void> {
      if (url.pathname === PANEL_ORIGINAL_FILE_PATH) {
        if (req.method !== 'GET') return json(res, 405, { error: 'method' });
        const q = OriginalFileQuerySchema.safeParse(Object.fromEntries(url.searchParams));
        if (!q.success) return json(res, 400, { error: 'bad_request' });
        // Only originals someone asked for: the panel is not a way to read any blob by its hash.
        if (!(await requests.isRequested(q.data.sha256))) return json(res, 404, { error: 'not_found' });
        if ((await blobs.size(q.data.sha256)) === null) return json(res, 409, { error: 'not_received' });
        const bytes = await readAll(blobs.get(q.data.sha256));
        const { type, ext } = imageType(bytes);
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': type,
          'Content-Length': String(bytes.length),
          'Content-Disposition': `attachment; filename="original-${q.data.sha256.slice(0, 12)}.${ext}"`,
          'Cache-Control': 'no-store',
        });
        res.end(bytes);
        return;
      }
      if (req.method === 'GET')
        return json(res, 200, { at: now().toISOString(), originals: await requests.list() });
      if (req.method !== 'POST') return json(res, 405, { error: 'method' });
      const body = OriginalRequestSchema.safeParse(await readBody());
      if (!body.success || !ActaKeyIdSchema.safeParse(body.data.actaKey).success)
        return json(res, 400, { error: 'bad_acta_key' });
      const out = await requests.request(body.data.actaKey, operatorId);
      if (!out.ok) return json(res, out.error === 'not_found' ? 404 : 409, { error: out.error });
      log().info('central-original-requested', {
        operatorId,
        actaKey: body.data.actaKey,
        pages: out.value.length,
      });
      return json(res, 201, { at: now().toISOString(), originals: out.value });
    },
  };
}
