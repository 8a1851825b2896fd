// Hostile XML at the eSCL parsers (a scanner's firmware, or anything answering on its address):
// garbage, huge documents, entity bombs, external entities, odd namespaces. Every answer is a
// typed scanner error key or a value the zod schema vouched for; memory and time stay bounded.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ESCL_NS,
  ESCL_SCANNER_STATES,
  PWG_NS,
  parseCapabilities,
  parseScanSettings,
  parseStatus,
} from '../../../../../electron/capture/scanners/escl/escl-xml';

const RUNS = 1_500;
const ERRORS = new Set(['scanner.error.badAnswer:xml', 'scanner.error.badAnswer:schema']);
const TAGS = [
  'ScannerStatus',
  'State',
  'AdfState',
  'Jobs',
  'JobInfo',
  'JobUri',
  'ImagesCompleted',
  'ScannerCapabilities',
  'Platen',
  'PlatenInputCaps',
  'SettingProfiles',
  'SettingProfile',
  'ColorModes',
  'ColorMode',
  'MaxWidth',
];

/** XML-ish trees of the element names the parsers look for, with hostile text and prefixes. */
const element: fc.Arbitrary<string> = fc.letrec<{ el: string }>((tie) => ({
  el: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('Idle', '-1', '1e400', 'NaN', '&amp;', '&lt;', ']]>', '\u0000'),
    ),
    fc
      .tuple(
        fc.constantFrom('', 'scan:', 'pwg:', 'escl:', 'x:'),
        fc.constantFrom(...TAGS),
        fc.array(tie('el'), { maxLength: 4 }),
        fc.boolean(),
      )
      .map(([p, t, kids, close]) => `<${p}${t}>${kids.join('')}${close ? `</${p}${t}>` : ''}`),
  ),
})).el;
const hostileXml = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  element,
  element.map(
    (e) =>
      `<?xml version="1.0"?><scan:ScannerStatus xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">${e}</scan:ScannerStatus>`,
  ),
  fc
    .constantFrom(...ESCL_SCANNER_STATES, 'Sleeping', '')
    .map(
      (s) => `<wrong:ScannerStatus xmlns:wrong="urn:x"><wrong:State>${s}</wrong:State></wrong:ScannerStatus>`,
    ),
);

function expectTyped(r: { ok: boolean; error?: string }) {
  if (!r.ok) expect(ERRORS.has(r.error!), r.error).toBe(true);
}

const laughs = (levels: number) => {
  let dtd = '<!ENTITY l0 "lollollollollollollollollollol">';
  for (let i = 1; i <= levels; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE s [${dtd}]><ScannerStatus><State>Idle</State><AdfState>&l${levels};</AdfState></ScannerStatus>`;
};

describe('eSCL XML parsers under hostile answers', () => {
  it('any text: a typed scanner error or a schema-checked value, never a throw', () => {
    fc.assert(
      fc.property(hostileXml, (xml) => {
        const s = parseStatus(xml);
        expectTyped(s);
        if (s.ok) expect(ESCL_SCANNER_STATES).toContain(s.value.state);
        const c = parseCapabilities(xml);
        expectTyped(c);
        if (c.ok)
          for (const r of [...(c.value.flatbed?.resolutions ?? []), ...(c.value.feeder?.resolutions ?? [])])
            expect(Number.isSafeInteger(r)).toBe(true);
        expectTyped(parseScanSettings(xml));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads the state under any namespace prefix, whatever the scanner calls it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ESCL_SCANNER_STATES),
        fc.constantFrom('scan', 'pwg', 'escl', 'a1'),
        (state, p) => {
          const xml = `<?xml version="1.0"?><${p}:ScannerStatus xmlns:${p}="${ESCL_NS}"><${p}:State>${state}</${p}:State></${p}:ScannerStatus>`;
          expect(parseStatus(xml)).toEqual({ ok: true, value: { state, adfState: undefined, jobs: [] } });
        },
      ),
    );
  });

  it('an entity bomb (billion laughs, quadratic blow-up) does not expand into memory', () => {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    for (const xml of [
      laughs(9),
      `<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "${'x'.repeat(100_000)}">]><ScannerStatus><State>Idle</State><AdfState>${'&a;'.repeat(20_000)}</AdfState></ScannerStatus>`,
    ]) {
      const r = parseStatus(xml);
      expectTyped(r);
      // If accepted at all, the expansion did not happen: a field is never megabytes long.
      if (r.ok) expect((r.value.adfState ?? '').length).toBeLessThan(100_000);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('an external entity (XXE) is never read from disk', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/passwd">]><ScannerStatus><State>Idle</State><AdfState>&e;</AdfState></ScannerStatus>`;
    const r = parseStatus(xml);
    expectTyped(r);
    expect(JSON.stringify(r)).not.toContain('root:');
  });

  it('a huge document is a typed answer, not a hang', () => {
    const started = Date.now();
    const xml = `<ScannerStatus><State>Idle</State><AdfState>${'y'.repeat(8 * 1024 * 1024)}</AdfState>${'<Jobs><JobInfo><JobState>Completed</JobState></JobInfo></Jobs>'.repeat(20_000)}</ScannerStatus>`;
    expectTyped(parseStatus(xml));
    expectTyped(parseStatus('<a>'.repeat(50_000)));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
