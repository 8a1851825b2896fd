// Atomic writes on a drive someone else may have prepared (a USB stick, a shared folder): a
// symlink planted where we write must never be written through.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  tempNameFor,
  writeFileAtomic,
  writeFileSynced,
  writeNewFileSynced,
} from '../../../electron/platform/durable-files';
import { tempDir } from '../../helpers/temp';

const posix = process.platform !== 'win32';

/** A file the attacker wants overwritten (stands for /etc/passwd), outside the folder we write. */
function victim(): string {
  const f = path.join(tempDir(), 'passwd');
  fs.writeFileSync(f, 'root:x:0:0\n');
  return f;
}

describe.runIf(posix)('writeFileAtomic never follows a link', () => {
  it('ignores links planted at every temporary name a predictable writer would use', () => {
    const usb = tempDir();
    const target = path.join(usb, 'bitacora.jsonl');
    const passwd = victim();
    // The old writer used `${file}.${pid}.tmp`; plant that and the usual suspects.
    const planted = [`${target}.${process.pid}.tmp`, `${target}.tmp`, `${target}~`, `${target}.partial`];
    for (const p of planted) fs.symlinkSync(passwd, p);
    writeFileAtomic(target, 'export\n', 0o644);
    expect(fs.readFileSync(passwd, 'utf8')).toBe('root:x:0:0\n');
    expect(fs.readFileSync(target, 'utf8')).toBe('export\n');
    expect(fs.lstatSync(target).isSymbolicLink()).toBe(false);
    for (const p of planted) expect(fs.readlinkSync(p)).toBe(passwd);
  });

  it('replaces a link planted at the target itself instead of writing through it', () => {
    const usb = tempDir();
    const target = path.join(usb, 'bitacora.jsonl');
    const passwd = victim();
    fs.symlinkSync(passwd, target);
    writeFileAtomic(target, 'export\n');
    expect(fs.readFileSync(passwd, 'utf8')).toBe('root:x:0:0\n');
    expect(fs.lstatSync(target).isFile()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('export\n');
  });

  it('uses a temporary name nobody can guess, and leaves none behind', () => {
    const usb = tempDir();
    const target = path.join(usb, 'a.json');
    expect(tempNameFor(target)).not.toBe(tempNameFor(target));
    expect(tempNameFor(target)).toMatch(/^.+\/a\.json\.[0-9a-f]{24}\.tmp$/);
    writeFileAtomic(target, '1');
    writeFileAtomic(target, '2');
    expect(fs.readdirSync(usb)).toEqual(['a.json']);
    expect(fs.readFileSync(target, 'utf8')).toBe('2');
  });

  it('creates temporary files exclusively: an existing name or a link there is refused untouched', () => {
    const usb = tempDir();
    const passwd = victim();
    const link = path.join(usb, 'x.tmp');
    fs.symlinkSync(passwd, link);
    expect(() => writeNewFileSynced(link, 'owned')).toThrow(/EEXIST|ELOOP/);
    const dangling = path.join(usb, 'y.tmp');
    fs.symlinkSync(path.join(usb, 'would-be-created'), dangling);
    expect(() => writeNewFileSynced(dangling, 'owned')).toThrow(/EEXIST|ELOOP/);
    expect(fs.existsSync(path.join(usb, 'would-be-created'))).toBe(false);
    expect(fs.readFileSync(passwd, 'utf8')).toBe('root:x:0:0\n');
  });

  it('writeFileSynced refuses a link where it writes in place', () => {
    const usb = tempDir();
    const passwd = victim();
    const link = path.join(usb, 'blob');
    fs.symlinkSync(passwd, link);
    expect(() => writeFileSynced(link, 'owned')).toThrow(/ELOOP/);
    expect(fs.readFileSync(passwd, 'utf8')).toBe('root:x:0:0\n');
  });
});
