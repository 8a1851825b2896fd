// The lighter copy of each scanned page that travels on the link (transmit.profile): a grey JPEG
// or WebP derived with sharp, kept only if the station's own quality gate still finds it suitable
// and still reads the acta's key from its QR; otherwise that page travels as scanned, and the log
// says why. The scanned file stays the evidence (its SHA-256 is the "código de integridad"); the
// signed manifest names both hashes (shared/intake.ts ManifestImageSchema).
//
// Durable like the image store: the copy is written through a content-addressed BlobStore (temp
// name, fsync, rename, folder fsync), then the decision for (original, profile) is written
// atomically as a small JSON record. A crash before the record leaves at most an unreferenced
// copy; the page is simply derived again (sharp encodes the same pixels to the same bytes, so the
// same hash). A record whose copy is gone counts as undecided: derived again. A crash mid-write
// leaves a temp file (a copy's or a record's): they are swept when the core starts, by their
// temp names only, so a finished copy, a record and the scans (another folder) are never touched.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { BlobStore, TEMP_PREFIX } from '../capture/store';
import type { Inspection, InspectionError } from '../capture/quality';
import { actaKeyId } from '../../shared/acta-key';
import { Sha256Schema, type TransmissionEncoding } from '../../shared/intake';
import { writeFileAtomic } from '../platform/durable-files';
import { sha256Hex } from '../platform/hash';
import type { Logger } from '../platform/logger';
import type { Result } from '../platform/result';
import type { TransmitProfile } from './config';
import type { OutboxEntry } from './outbox-types';

/** The station's quality gate, as far as judging a copy goes (QualityGate). */
export interface PageJudge {
  inspect(bytes: Uint8Array): Promise<Result<Inspection, InspectionError>>;
}

/** A scanned page as the workflow hands it over. */
export interface ScannedPage {
  sha256: string;
  size: number;
  path: string;
}

/** A page as it travels: the copy (naming its original) or the scanned file itself. */
export interface TravellingPage extends ScannedPage {
  original?: { sha256: string; size: number };
  encoding?: TransmissionEncoding;
}

/** Why a page travels as scanned although the profile asks for a copy. */
export type CopyFallback =
  | 'unsuitable' // the gate rejects the copy (or could not judge it)
  | 'keyLost' // the original's QR gives the acta key, the copy's does not
  | 'notSmaller'; // the copy would weigh as much as the scan (an already-compressed file)

const DecisionSchema = z.union([
  z.object({ copy: z.object({ sha256: Sha256Schema, size: z.number().int().min(1) }) }),
  z.object({ fallback: z.enum(['unsuitable', 'keyLost', 'notSmaller']), detail: z.string().max(500) }),
]);
type Decision = z.infer<typeof DecisionSchema>;

/**
 * Written into a copy of a scan that declares no density: the encoder would otherwise write its
 * own 72-dpi default, and the gate would refuse the copy for a resolution the scan never claimed.
 */
const FALLBACK_DENSITY_DPI = 300;

/** A record's temp name while writeFileAtomic writes it (platform/durable-files.ts tempNameFor). */
const RECORD_TEMP_RE = /^[0-9a-f]{64}\.(?:jpeg|webp)-q\d+\.json\.[0-9a-f]{24}\.tmp$/;

export class TransmissionCopies {
  readonly encoding: TransmissionEncoding | null;
  private readonly copies: BlobStore;
  private readonly recordsDir: string;

  constructor(
    dir: string,
    readonly profile: TransmitProfile,
    private readonly judge: PageJudge,
    private readonly log: Logger,
  ) {
    this.encoding =
      profile.format === 'original'
        ? null
        : { format: profile.format === 'grey-jpeg' ? 'jpeg' : 'webp', quality: profile.quality };
    this.copies = new BlobStore(path.join(dir, 'blobs'));
    this.recordsDir = path.join(dir, 'records');
    fs.mkdirSync(this.recordsDir, { recursive: true, mode: 0o700 });
    // Built once, at the core's start, before anything derives: no write of ours is under way.
    this.sweepTemps();
  }

  /** Removes what a crash left half-written: copies' and records' temp files, nothing else. */
  private sweepTemps(): void {
    const removed: string[] = [];
    for (const [dir, isTemp] of [
      [this.copies.dir, (n: string) => n.startsWith(TEMP_PREFIX)],
      [this.recordsDir, (n: string) => RECORD_TEMP_RE.test(n)],
    ] as const) {
      for (const name of fs.readdirSync(dir)) {
        if (!isTemp(name)) continue;
        fs.rmSync(path.join(dir, name), { force: true });
        removed.push(name);
      }
    }
    if (removed.length > 0)
      this.log.info('transmit-copy-temp-removed', { count: removed.length, files: removed });
  }

  private recordFile(originalSha: string): string {
    const e = this.encoding!;
    return path.join(this.recordsDir, `${originalSha}.${e.format}-q${e.quality}.json`);
  }

  /** The decision already taken for a page (with its copy still on disk), or null. */
  private decision(originalSha: string): Decision | null {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(this.recordFile(originalSha), 'utf8'));
    } catch {
      return null;
    }
    const d = DecisionSchema.safeParse(raw);
    if (!d.success) return null;
    if ('copy' in d.data) {
      try {
        if (fs.statSync(this.copies.pathFor(d.data.copy.sha256)).size !== d.data.copy.size) return null;
      } catch {
        return null;
      }
    }
    return d.data;
  }

  /**
   * The acta's pages as they travel, if every page is decided; null while one still has to be
   * derived (then `derive` first). Synchronous: the outbox signs the manifest from it.
   */
  travelling(pages: readonly ScannedPage[]): TravellingPage[] | null {
    if (!this.encoding) return [...pages];
    const out: TravellingPage[] = [];
    for (const p of pages) {
      const d = this.decision(p.sha256);
      if (!d) return null;
      if ('fallback' in d) out.push({ ...p });
      else
        out.push({
          sha256: d.copy.sha256,
          size: d.copy.size,
          path: this.copies.pathFor(d.copy.sha256),
          original: { sha256: p.sha256, size: p.size },
          encoding: this.encoding,
        });
    }
    return out;
  }

  /**
   * Puts back the copies of an entry whose files are gone (a disk repaired, a folder restored from
   * backup), derived again from the scans with the encoding the manifest names. Only bytes hashing
   * to the signed hash are put back; otherwise the attempt fails as before (imageMissing) and the
   * log says why.
   */
  async restore(
    entry: Pick<OutboxEntry, 'actaKey' | 'signed' | 'images'>,
    scanPath: (sha: string) => string,
  ) {
    const signed = entry.signed.manifest.images;
    for (let i = 0; i < signed.length; i++) {
      const m = signed[i]!;
      if (!m.original || !m.encoding || fs.existsSync(entry.images[i]!.path)) continue;
      let copy: Buffer;
      try {
        copy = await encodeCopy(await fs.promises.readFile(scanPath(m.original.sha256)), m.encoding);
      } catch (err) {
        this.log.warn('transmit-copy-unrestorable', {
          actaKey: entry.actaKey,
          page: m.sha256,
          detail: String(err),
        });
        continue;
      }
      if (sha256Hex(copy) !== m.sha256) {
        this.log.warn('transmit-copy-unrestorable', {
          actaKey: entry.actaKey,
          page: m.sha256,
          detail: 'hash',
        });
        continue;
      }
      await this.copies.put(copy, m.sha256);
      this.log.info('transmit-copy-restored', { actaKey: entry.actaKey, page: m.sha256 });
    }
  }

  /** Derives and judges every page of the acta not yet decided. Throws only on I/O failure. */
  async derive(actaKey: string, pages: readonly ScannedPage[]): Promise<void> {
    const e = this.encoding;
    if (!e) return;
    const t0 = performance.now();
    let scanned = 0;
    let sent = 0;
    this.log.info('transmit-copy-init', {
      actaKey,
      pages: pages.length,
      format: e.format,
      quality: e.quality,
    });
    for (const p of pages) {
      let d = this.decision(p.sha256);
      if (!d) {
        d = await this.decide(actaKey, p, e);
        writeFileAtomic(this.recordFile(p.sha256), JSON.stringify(d));
      }
      scanned += p.size;
      sent += 'copy' in d ? d.copy.size : p.size;
    }
    this.log.info('transmit-copy-complete', {
      actaKey,
      pages: pages.length,
      scannedBytes: scanned,
      sentBytes: sent,
      ms: Math.round(performance.now() - t0),
    });
  }

  private async decide(actaKey: string, page: ScannedPage, e: TransmissionEncoding): Promise<Decision> {
    const scan = await fs.promises.readFile(page.path);
    const copy = await encodeCopy(scan, e);
    const fallback = (reason: CopyFallback, detail: string): Decision => {
      this.log.warn('transmit-copy-fallback', { actaKey, page: page.sha256, reason, detail });
      return { fallback: reason, detail };
    };
    if (copy.length >= scan.length) return fallback('notSmaller', `${copy.length} ≥ ${scan.length}`);
    const judged = await this.judge.inspect(copy);
    if (!judged.ok) return fallback('unsuitable', judged.error.code);
    if (!judged.value.verdict.suitable)
      return fallback('unsuitable', judged.value.verdict.reasons.map((r) => r.code).join(','));
    const id = judged.value.identification;
    if (!id.ok || actaKeyId(id.value.key) !== actaKey) {
      // Only a key the scan itself gives can be lost: a page without a readable QR (key typed
      // twice, a second page) loses nothing by its copy not reading one either.
      const onScan = await this.judge.inspect(scan);
      const scanReads =
        onScan.ok &&
        onScan.value.identification.ok &&
        actaKeyId(onScan.value.identification.value.key) === actaKey;
      if (scanReads) return fallback('keyLost', id.ok ? actaKeyId(id.value.key) : id.error.code);
    }
    const put = await this.copies.put(copy);
    return { copy: { sha256: put.sha256, size: copy.length } };
  }
}

/** The grey copy of a scan at the profile's encoding, carrying the scan's density. */
export async function encodeCopy(scan: Uint8Array, e: TransmissionEncoding): Promise<Buffer> {
  const meta = await sharp(scan).metadata();
  const grey = sharp(scan)
    .greyscale()
    .withMetadata({ density: meta.density ?? FALLBACK_DENSITY_DPI });
  return e.format === 'jpeg'
    ? grey.jpeg({ quality: e.quality, chromaSubsampling: '4:4:4' }).toBuffer()
    : grey.webp({ quality: e.quality, effort: 4 }).toBuffer();
}
