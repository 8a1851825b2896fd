// The scanned originals the central asks for in a heartbeat's answer (shared/intake.ts
// HeartbeatAnswerSchema.originals): a page that travelled as a lighter copy stays here as the
// evidence, and a central operator may need the original itself (central/originals.ts). The
// station sends only what it named as an original in one of its own signed manifests — a central
// (or anyone who can answer in its name) cannot make it upload another file by naming its hash.
// One upload run at a time, in the background: heartbeats and actas never wait for it.
import type { Logger } from '../platform/logger';
import type { LinkClient } from './http-client';
import type { Outbox } from './outbox';
import { uploadBlob } from './protocol';

/** Where the station's scanned pages are (the capture store): the file of a hash, if held. */
export interface ScanFiles {
  has(sha256: string): boolean;
  pathFor(sha256: string): string;
}

export class OriginalUploads {
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      outbox: Pick<Outbox, 'signedOriginal'>;
      scans: ScanFiles;
      log: Logger;
      stationId: string;
      centralKeyPem: string;
    },
  ) {}

  /** The central asked for these (over this link); a run already going takes the next ask. */
  asked(client: LinkClient, link: string, sha256s: readonly string[]): void {
    if (this.running || sha256s.length === 0) return;
    this.running = this.send(client, link, sha256s).finally(() => {
      this.running = null;
    });
  }

  /** Resolves when the run in progress (if any) has ended: for an orderly stop and for tests. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async send(client: LinkClient, link: string, sha256s: readonly string[]): Promise<void> {
    for (const sha256 of sha256s) {
      const size = this.deps.outbox.signedOriginal(sha256);
      if (size === null) {
        this.deps.log.warn('original-request-refused', { sha256, link, reason: 'not_an_original' });
        continue;
      }
      if (!this.deps.scans.has(sha256)) {
        this.deps.log.warn('original-request-refused', { sha256, link, reason: 'missing_here' });
        continue;
      }
      const file = { sha256, size, path: this.deps.scans.pathFor(sha256) };
      const out = await uploadBlob(client, file, {
        stationId: this.deps.stationId,
        centralKeyPem: this.deps.centralKeyPem,
      });
      if (out) {
        this.deps.log.warn('original-upload-failed', {
          sha256,
          link,
          outcome: out.kind,
          error: 'error' in out ? out.error : '',
        });
        // The link is failing: the next heartbeat's answer asks again.
        if (out.kind !== 'permanent') return;
        continue;
      }
      this.deps.log.info('original-sent', { sha256, size, link });
    }
  }
}
