// The layout's lint rule (scripts/lint/boundaries.mjs) run through ESLint itself, on scratch
// sources placed at real paths of the tree: each boundary of DESIGN.md §3 refuses a deliberate
// violation with a message naming its rule, and lets the allowed imports through. The tree as a
// whole is linted by `npm test`'s lint step with the same configuration.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

/** The catd/boundaries messages ESLint gives for `code` as if it were the file at `filePath`. */
async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'catd/boundaries').map((m) => m.message);
}

describe('catd/boundaries refuses each kind of crossing, naming the rule', () => {
  const refused: Array<[string, string, string]> = [
    [
      'electron/capture/scanners/scratch.ts',
      "import '../../../sim/devices/scanner';",
      'sim-through-composition',
    ],
    ['electron/power/scratch.ts', "import { x } from '../app/core';", 'app-is-the-root'],
    ['electron/workflow/scratch.ts', "import { x } from '../capture/pipeline';", 'layers-point-down'],
    ['electron/store/scratch.ts', "import type { X } from '../security/audit';", 'layers-point-down'],
    ['electron/power/scratch.ts', "import { x } from '../workflow/transitions';", 'layers-point-down'],
    ['electron/platform/scratch.ts', "import { x } from '../store/db';", 'platform-is-the-ground'],
    ['electron/transmit/scratch.ts', "import { x } from '../../central/server';", 'station-not-central'],
    ['electron/server/scratch.ts', "import { x } from '../shell/policy';", 'core-not-shell'],
    ['renderer/scratch.ts', "import { x } from '../electron/workflow/transitions';", 'renderer-only-shared'],
    ['shared/scratch.ts', "import { x } from '../electron/platform/clock';", 'shared-imports-nothing'],
    ['central/scratch.ts', "import { x } from '../electron/security/audit';", 'central-not-station'],
    [
      'sim/devices/scratch.ts',
      "import { x } from '../../electron/workflow/transitions';",
      'sim-only-devices',
    ],
    ['electron/main-scratch.ts', "import { x } from './app/core';", 'shell-is-thin'],
    ['electron/capture/scratch.ts', "import { x } from '../../tests/helpers/temp';", 'no-tooling-in-product'],
    ['electron/cli/scratch.ts', "export { x } from '../../sim/acta/page';", 'sim-through-composition'],
    ['electron/transmit/scratch.ts', "const m = await import('../station/config');", 'layers-point-down'],
  ];
  it.each(refused)('%s: %s → %s', async (file, code, rule) => {
    const messages = await boundaryMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`[catd/boundaries: ${rule}]`);
  });
});

describe('catd/boundaries lets the layout through', () => {
  const allowed: Array<[string, string]> = [
    ['electron/capture/scratch.ts', "import { x } from '../platform/clock';"],
    ['electron/capture/scratch.ts', "import type { X } from '../workflow';"],
    ['electron/transmit/scratch.ts', "import { x } from '../security/audit';"],
    ['electron/server/scratch.ts', "import { x } from '../station/config';"],
    ['electron/app/scratch.ts', "import { x } from '../../sim/compose';"],
    ['electron/cli/scratch.ts', "import { x } from '../app/core';"],
    ['shared/scratch.ts', "import type { AppRouter } from '../electron/server/router';"],
    ['sim/devices/scratch.ts', "import { x } from '../../electron/capture/scanners/scanner-base';"],
    ['central/scratch.ts', "import { x } from '../electron/platform/hash';"],
    ['renderer/scratch.ts', "import { x } from '../shared/acta-key';"],
    ['electron/updater-scratch.ts', "import { x } from './platform/shell-contract';"],
    ['tests/scratch.test.ts', "import { x } from '../electron/app/core';"],
  ];
  it.each(allowed)('%s: %s', async (file, code) => {
    expect(await boundaryMessages(file, code)).toEqual([]);
  });
});
