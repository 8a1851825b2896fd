// In the Linux kiosk the root-side installer, not the shell, installs; the console learns what
// happened from its status file. Found at start (the kiosk restarted on the new version), or
// written while the station runs (a refusal: the station keeps running the old version).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Activity } from '../../../electron/platform/activity';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { writeInstallerStatus, type InstallerStatus } from '../../../electron/platform/update-spool';
import { Updates } from '../../../electron/station/updates';

const status = (s: Partial<InstallerStatus>): InstallerStatus => ({
  format: 'catd-update-status/1',
  outcome: 'installed',
  version: '1.2.0',
  file: 'catd-workstation_1.2.0_amd64.deb',
  problem: null,
  detail: null,
  at: new Date().toISOString(),
  ...s,
});

let updates: Updates | undefined;
afterEach(() => updates?.stop());

function start(file: string) {
  const audited: Array<[string, string, string]> = [];
  updates = new Updates({
    activity: new Activity(),
    log: createMemoryLogger(),
    shell: { download: () => {}, apply: () => {} },
    channel: 'estable',
    audit: (actor, action, subject) => audited.push([actor, action, subject]),
    installerStatusFile: file,
  });
  return { updates, audited };
}

describe("the root-side installer's outcome in the console", () => {
  it('shows the version installed before the restart, and a refusal written while running', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-update-status-'));
    const file = path.join(dir, 'status.json');
    writeInstallerStatus(file, status({}));
    const { updates, audited } = start(file);
    expect(updates.current()).toMatchObject({ phase: 'installed', version: '1.2.0', problem: null });

    writeInstallerStatus(
      file,
      status({ outcome: 'refused', version: '1.1.0', problem: 'update.error.downgrade' }),
    );
    await vi.waitFor(() => expect(updates.current().phase).toBe('rejected'), {
      timeout: 10_000,
      interval: 100,
    });
    expect(updates.current()).toMatchObject({ version: '1.1.0', problem: 'update.error.downgrade' });
    expect(audited).toEqual([['sistema', 'update.rejected', '1.1.0']]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ignores a status file that is not one (nothing shown, nothing thrown)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catd-update-status-'));
    const file = path.join(dir, 'status.json');
    fs.writeFileSync(file, '{"outcome":"installed"}');
    expect(start(file).updates.current()).toMatchObject({ phase: 'none', version: null });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
