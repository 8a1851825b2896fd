// The eSCL simulator speaks the protocol as a device does, checked with plain HTTP requests
// (independently of the driver): capabilities and status parse, a job is 201 + Location,
// NextDocument serves pages then 404, DELETE cancels, and unknown paths are 404.
import { afterEach, expect, it } from 'vitest';
import { startEsclSimulator, type EsclSimulator } from '../../../sim/escl/server';
import { parseCapabilities, parseStatus } from '../../../electron/capture/scanners/escl/escl-xml';

let sim: EsclSimulator | undefined;
afterEach(async () => {
  await sim?.close();
});

const settings = (source: string) => `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:InputSource>${source}</pwg:InputSource>
  <scan:ColorMode>Grayscale8</scan:ColorMode>
  <scan:XResolution>75</scan:XResolution><scan:YResolution>75</scan:YResolution>
  <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>
</scan:ScanSettings>`;

it('serves capabilities and status documents', async () => {
  sim = await startEsclSimulator({ makeAndModel: 'Sim X', sheetsInFeeder: 1 });
  const caps = parseCapabilities(await (await fetch(`${sim.url}/ScannerCapabilities`)).text());
  expect(caps.ok && caps.value.makeAndModel).toBe('Sim X');
  expect(caps.ok && caps.value.feeder?.resolutions).toContain(300);
  const st = parseStatus(await (await fetch(`${sim.url}/ScannerStatus`)).text());
  expect(st).toMatchObject({ ok: true, value: { state: 'Idle', adfState: 'ScannerAdfLoaded' } });
});

it('runs a feeder job to 404 and shows it in the status', async () => {
  sim = await startEsclSimulator({ sheetsInFeeder: 2 });
  const created = await fetch(`${sim.url}/ScanJobs`, { method: 'POST', body: settings('Feeder') });
  expect(created.status).toBe(201);
  const job = created.headers.get('location')!;
  expect(job).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/eSCL\/ScanJobs\/[\w-]+$/);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await fetch(`${job}/NextDocument`);
    statuses.push(r.status);
    const body = new Uint8Array(await r.arrayBuffer());
    if (r.status === 200) expect([body[0], body[1]]).toEqual([0xff, 0xd8]);
  }
  expect(statuses).toEqual([200, 200, 404]);
  const st = parseStatus(await (await fetch(`${sim.url}/ScannerStatus`)).text());
  expect(st).toMatchObject({
    ok: true,
    value: { adfState: 'ScannerAdfEmpty', jobs: [{ state: 'Completed' }] },
  });
});

it('DELETE cancels a job; bad settings are 400; unknown paths 404', async () => {
  sim = await startEsclSimulator({ sheetsInFeeder: 5 });
  const job = (await fetch(`${sim.url}/ScanJobs`, { method: 'POST', body: settings('Feeder') })).headers.get(
    'location',
  )!;
  expect((await fetch(job, { method: 'DELETE' })).status).toBe(200);
  expect((await fetch(`${job}/NextDocument`)).status).toBe(404);
  expect((await fetch(`${sim.url}/ScanJobs`, { method: 'POST', body: 'not xml' })).status).toBe(400);
  expect((await fetch(`${sim.url}/Nope`)).status).toBe(404);
});
