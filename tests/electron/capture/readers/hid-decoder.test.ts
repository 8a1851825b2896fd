import { describe, expect, it } from 'vitest';
import { decodeHidReports, HidScanDecoder } from '../../../../electron/capture/readers/hid-decoder';
import { MAX_SCAN_CHARS } from '../../../../electron/capture/readers/reader';
import { KEY, SHIFT, UP, report, typed } from './hid-reports';

const LABEL = 'PREP|2024|PRES|09|05|1234|B|1|8';

describe('HID keyboard-wedge decoder', () => {
  it('decodes a label typed by a US-layout reader (| is Shift + backslash)', () => {
    expect(decodeHidReports(typed(LABEL, 'us'), { layout: 'us' })).toEqual({
      scans: [{ text: LABEL, problem: null }],
      pending: '',
    });
  });

  it('decodes the same label from a Latin-American reader and a Spanish one', () => {
    expect(decodeHidReports(typed(LABEL, 'latam'), { layout: 'latam' }).scans).toEqual([
      { text: LABEL, problem: null },
    ]);
    expect(decodeHidReports(typed(LABEL, 'es'), { layout: 'es' }).scans).toEqual([
      { text: LABEL, problem: null },
    ]);
  });

  it('shows what goes wrong when the layout setting does not match the reader', () => {
    // A Latin-American reader read as US: the | key reads as a backquote.
    const { scans } = decodeHidReports(typed('PREP|2024', 'latam'), { layout: 'us' });
    expect(scans[0]?.text).toBe('PREP`2024');
  });

  it('does not repeat a key held across reports, but does repeat it after a release', () => {
    const reports = [
      report(0, KEY.d1),
      report(0, KEY.d1), // still held
      report(0, KEY.d1, KEY.d2), // 2 pressed while 1 held (rollover)
      report(0, KEY.d2),
      UP,
      report(0, KEY.d2),
      UP,
      report(0, KEY.enter),
      UP,
    ];
    expect(decodeHidReports(reports, { layout: 'us' }).scans).toEqual([{ text: '122', problem: null }]);
  });

  it('uses the modifiers of the report in which the key goes down', () => {
    const reports = [report(SHIFT, KEY.p), report(0, KEY.p), UP, report(0, KEY.p), UP, report(0, KEY.enter)];
    expect(decodeHidReports(reports, { layout: 'us' }).scans[0]?.text).toBe('Pp');
  });

  it('ignores rollover-error reports and keeps text typed so far until Enter', () => {
    const rollover = Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 1]);
    const r = decodeHidReports([report(0, KEY.d4), rollover, UP, report(0, KEY.d2)], { layout: 'us' });
    expect(r).toEqual({ scans: [], pending: '42' });
  });

  it('splits two scans at each Enter and ignores a bare Enter', () => {
    const reports = [...typed('12'), report(0, KEY.enter), UP, ...typed('34')];
    expect(decodeHidReports(reports, { layout: 'us' }).scans.map((s) => s.text)).toEqual(['12', '', '34']);
  });

  it('flags a scan that contained keys with no character (Tab, Ctrl+...) as garbled', () => {
    const reports = [report(0, KEY.tab), UP, ...typed('12')];
    expect(decodeHidReports(reports, { layout: 'us' }).scans).toEqual([{ text: '12', problem: 'garbled' }]);
  });

  it('bounds a scan that never ends and reports it as too long', () => {
    const reports: Uint8Array[] = [];
    for (let i = 0; i < MAX_SCAN_CHARS + 50; i++) reports.push(report(0, KEY.d7), UP);
    reports.push(report(0, KEY.enter), UP);
    const [scan] = decodeHidReports(reports, { layout: 'us' }).scans;
    expect(scan?.problem).toBe('tooLong');
    expect(scan?.text.length).toBe(MAX_SCAN_CHARS);
  });

  it('skips a report id byte when the device sends one, and ignores short reports', () => {
    const withId = typed('12').map((r) => Uint8Array.from([1, ...r]));
    expect(decodeHidReports(withId, { layout: 'us', reportIdBytes: 1 }).scans[0]?.text).toBe('12');
    expect(decodeHidReports([Uint8Array.from([0, 0, KEY.d1])], { layout: 'us' }).pending).toBe('');
  });

  it('abandon() hands over a scan broken off mid-way as incomplete', () => {
    const d = new HidScanDecoder({ layout: 'us' });
    for (const r of typed('PREP').slice(0, 4)) d.push(r);
    expect(d.abandon()).toEqual({ text: 'PR', problem: 'incomplete' });
    expect(d.abandon()).toBeNull();
  });
});
