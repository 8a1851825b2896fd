// The lighter copy of a scanned acta page (transmit.profile), judged by the station's own quality
// gate: a 300-dpi grey acta page rendered by the simulator, stored as the scanner would (PNG),
// derived to grey JPEG and WebP. What is asserted is what travels: the copy (much lighter, still
// suitable, same key) or, when the gate refuses the copy, the scan itself, with the reason logged;
// and that a lost copy is derived again to the very same bytes (the signed hash still holds).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityGate } from '../../../electron/capture/quality';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { TransmissionCopies, type ScannedPage } from '../../../electron/transmit/transmission-copies';
import { TransmitProfileSchema } from '../../../electron/transmit/config';
import { actaKeyId } from '../../../shared/acta-key';
import { encodePage, renderActaPage } from '../../../sim/acta/page';
import { tempDir } from '../../helpers/temp';

let gate: QualityGate;
let scan: ScannedPage;
let keyId: string;
let scansDir: string;

beforeAll(async () => {
  gate = new QualityGate();
  const rendered = await renderActaPage({ seed: 7, colour: 'grey' });
  keyId = actaKeyId(rendered.key);
  const png = await encodePage(rendered.page, 'png');
  // Not tempDir(): the scan outlives each test.
  scansDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-scans-'));
  const dir = scansDir;
  const sha256 = createHash('sha256').update(png).digest('hex');
  fs.writeFileSync(path.join(dir, sha256), png);
  scan = { sha256, size: png.length, path: path.join(dir, sha256) };
}, 120_000);
afterAll(async () => {
  await gate.close();
  fs.rmSync(scansDir, { recursive: true, force: true });
});

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function copies(format: 'grey-jpeg' | 'grey-webp', quality: number, dir = tempDir('catd-copies-')) {
  const log = createMemoryLogger();
  return {
    dir,
    log,
    copies: new TransmissionCopies(dir, TransmitProfileSchema.parse({ format, quality }), gate, log),
  };
}

describe('transmission copies', () => {
  it.each([
    ['grey-jpeg', 'jpeg'],
    ['grey-webp', 'webp'],
  ] as const)(
    '%s: the copy passes the gate with the same key, weighs a fraction of the scan, names its original',
    async (format, encoded) => {
      const { copies: c, log } = copies(format, 60);
      expect(c.travelling([scan])).toBeNull(); // nothing decided yet: nothing may be signed
      await c.derive(keyId, [scan]);
      const [page] = c.travelling([scan])!;
      expect(page!.original).toEqual({ sha256: scan.sha256, size: scan.size });
      expect(page!.encoding).toEqual({ format: encoded, quality: 60 });
      expect(sha(page!.path)).toBe(page!.sha256);
      expect(page!.size).toBe(fs.statSync(page!.path).size);
      expect(page!.size).toBeLessThan(scan.size / 5);
      const judged = await gate.inspect(fs.readFileSync(page!.path));
      expect(judged.ok && judged.value.verdict.suitable).toBe(true);
      expect(
        judged.ok && judged.value.identification.ok && actaKeyId(judged.value.identification.value.key),
      ).toBe(keyId);
      expect(log.lines.filter((l) => l.event === 'transmit-copy-fallback')).toHaveLength(0);
      // The scan is untouched: it stays the evidence.
      expect(sha(scan.path)).toBe(scan.sha256);
    },
    120_000,
  );

  it('a copy the gate refuses (JPEG quality under its minimum): the page travels as scanned, and the log says why', async () => {
    const { copies: c, log } = copies('grey-jpeg', 30);
    await c.derive(keyId, [scan]);
    expect(c.travelling([scan])).toEqual([scan]);
    const why = log.lines.find((l) => l.event === 'transmit-copy-fallback');
    expect(why).toMatchObject({ reason: 'unsuitable', page: scan.sha256 });
    expect(String(why?.detail)).toContain('compression');
  }, 120_000);

  it('a copy lost after the decision (or before its record) is derived again to the same bytes', async () => {
    const first = copies('grey-webp', 60);
    await first.copies.derive(keyId, [scan]);
    const [page] = first.copies.travelling([scan])!;
    fs.rmSync(page!.path);
    // A restarted station over the same folder: the record alone is not enough without its copy.
    const again = copies('grey-webp', 60, first.dir);
    expect(again.copies.travelling([scan])).toBeNull();
    await again.copies.derive(keyId, [scan]);
    const [redone] = again.copies.travelling([scan])!;
    expect(redone!.sha256).toBe(page!.sha256);
    expect(sha(redone!.path)).toBe(page!.sha256);
  }, 120_000);

  it('a queued entry whose copy file is gone gets it back, derived again from the scan to the signed bytes', async () => {
    const { copies: c, log } = copies('grey-jpeg', 60);
    await c.derive(keyId, [scan]);
    const [page] = c.travelling([scan])!;
    const bytes = fs.readFileSync(page!.path);
    const manifestImage = {
      sha256: page!.sha256,
      size: page!.size,
      original: page!.original!,
      encoding: page!.encoding!,
    };
    const entry = { actaKey: keyId, signed: { manifest: { images: [manifestImage] } }, images: [page!] };
    fs.rmSync(page!.path);
    await c.restore(entry as never, () => scan.path);
    expect(fs.readFileSync(page!.path).equals(bytes)).toBe(true);
    expect(log.lines.some((l) => l.event === 'transmit-copy-restored')).toBe(true);
    // A copy that cannot be made again byte for byte (here: another quality named) is not faked.
    fs.rmSync(page!.path);
    await c.restore(
      {
        ...entry,
        signed: { manifest: { images: [{ ...manifestImage, encoding: { format: 'jpeg', quality: 61 } }] } },
      } as never,
      () => scan.path,
    );
    expect(fs.existsSync(page!.path)).toBe(false);
    expect(log.lines.find((l) => l.event === 'transmit-copy-unrestorable')).toMatchObject({ detail: 'hash' });
  }, 120_000);

  it('a damaged decision record is not trusted: the page is decided again', async () => {
    const { copies: c, dir } = copies('grey-jpeg', 60);
    await c.derive(keyId, [scan]);
    const records = fs.readdirSync(path.join(dir, 'records'));
    expect(records).toHaveLength(1);
    fs.writeFileSync(path.join(dir, 'records', records[0]!), '{"copy":{"sha256":"nope"');
    expect(c.travelling([scan])).toBeNull();
  }, 120_000);
});
