// eSCL scanner simulator: an HTTP server that behaves like an AirScan multifunction device
// (Mopria eSCL: capabilities, status, jobs, NextDocument until 404, DELETE to cancel), with
// fault modes to show the driver's handling of a busy device, a jam mid-job, an empty or open
// feeder, and a device that vanishes mid-job. Binds 127.0.0.1 only.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ESCL_NS, PWG_NS, parseScanSettings } from '../../electron/capture/scanners/escl/escl-xml';
import { plainPage, type PageSource } from '../scanner/plain-page';

export interface EsclSimFaults {
  /** The next N requests to POST ScanJobs or NextDocument answer 503 (busy warming up). */
  busyResponses?: number;
  /** The feeder jams while feeding this sheet of a job (1-based): earlier sheets come out. */
  jamAtPage?: number;
  /** The device drops off the network while sending this sheet (sockets destroyed, server closed). */
  vanishAtPage?: number;
  coverOpen?: boolean;
  /** Every answer is this text instead of XML (a confused device or a captive portal). */
  garbage?: string;
}

export interface EsclSimOptions {
  port?: number;
  makeAndModel?: string;
  sheetsInFeeder?: number;
  /** Delay before each page is ready (a real device feeds ~1 sheet/s). */
  pageDelayMs?: number;
  faults?: EsclSimFaults;
  /** Pages to serve; default a plain page at the requested resolution and format. */
  pageSource?: PageSource;
}

interface SimJob {
  id: string;
  source: 'Feeder' | 'Platen' | 'Camera';
  format: 'image/jpeg' | 'image/png';
  resolution: number;
  gray: boolean;
  served: number;
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
}

export interface EsclSimulator {
  /** Base URL for the driver's config, ending in /eSCL. */
  url: string;
  port: number;
  /** Every request seen, in order ("GET /eSCL/ScannerStatus"...). */
  requests: string[];
  faults: EsclSimFaults;
  sheetsInFeeder: number;
  close(): Promise<void>;
}

const RESOLUTIONS = [75, 100, 150, 200, 300, 600];

function inputCaps(): string {
  return `
      <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>
      <scan:MinHeight>32</scan:MinHeight><scan:MaxHeight>4200</scan:MaxHeight>
      <scan:SettingProfiles><scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
        <scan:DocumentFormats>
          <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat><pwg:DocumentFormat>image/png</pwg:DocumentFormat>
          <scan:DocumentFormatExt>image/jpeg</scan:DocumentFormatExt><scan:DocumentFormatExt>image/png</scan:DocumentFormatExt>
        </scan:DocumentFormats>
        <scan:SupportedResolutions><scan:DiscreteResolutions>${RESOLUTIONS.map(
          (r) =>
            `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`,
        ).join('')}</scan:DiscreteResolutions></scan:SupportedResolutions>
      </scan:SettingProfile></scan:SettingProfiles>`;
}

function capabilitiesXml(makeAndModel: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>${makeAndModel}</pwg:MakeAndModel>
  <pwg:SerialNumber>SIM-0001</pwg:SerialNumber>
  <scan:UUID>4509a320-00a0-008f-00b6-002507510eca</scan:UUID>
  <scan:Platen><scan:PlatenInputCaps>${inputCaps()}</scan:PlatenInputCaps></scan:Platen>
  <scan:Adf>
    <scan:AdfSimplexInputCaps>${inputCaps()}</scan:AdfSimplexInputCaps>
    <scan:FeederCapacity>50</scan:FeederCapacity>
    <scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption></scan:AdfOptions>
  </scan:Adf>
</scan:ScannerCapabilities>
`;
}

export async function startEsclSimulator(opts: EsclSimOptions = {}): Promise<EsclSimulator> {
  const jobs = new Map<string, SimJob>();
  let jammed = false;
  const requests: string[] = [];
  const pageDelayMs = opts.pageDelayMs ?? 0;
  const sim = {
    faults: { ...(opts.faults ?? {}) } as EsclSimFaults,
    sheetsInFeeder: opts.sheetsInFeeder ?? 20,
  };

  const adfState = (): string => {
    if (jammed) return 'ScannerAdfJam';
    if (sim.faults.coverOpen) return 'ScannerAdfHatchOpen';
    return sim.sheetsInFeeder > 0 ? 'ScannerAdfLoaded' : 'ScannerAdfEmpty';
  };

  const statusXml = (): string => {
    const processing = [...jobs.values()].some((j) => j.state === 'Processing');
    const state = jammed ? 'Stopped' : processing ? 'Processing' : 'Idle';
    const infos = [...jobs.values()]
      .map(
        (
          j,
        ) => `<scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/${j.id}</pwg:JobUri><pwg:JobUuid>${j.id}</pwg:JobUuid>
      <pwg:ImagesCompleted>${j.served}</pwg:ImagesCompleted><pwg:JobState>${j.state}</pwg:JobState></scan:JobInfo>`,
      )
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">
  <pwg:Version>2.63</pwg:Version>
  <pwg:State>${state}</pwg:State>
  <scan:AdfState>${adfState()}</scan:AdfState>
  <scan:Jobs>${infos}</scan:Jobs>
</scan:ScannerStatus>
`;
  };

  const takeBusy = (): boolean => {
    if (!sim.faults.busyResponses) return false;
    sim.faults.busyResponses--;
    return true;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    requests.push(`${req.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, url.pathname, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });

  const xml = (res: http.ServerResponse, body: string, status = 200) => {
    if (sim.faults.garbage !== undefined) {
      res.writeHead(200, { 'content-type': 'text/xml' }).end(sim.faults.garbage);
      return;
    }
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' }).end(body);
  };

  const vanish = (req: http.IncomingMessage) => {
    // Power cut at the device: the connection dies mid-request and nothing listens any more.
    req.socket.destroy();
    server.close();
    server.closeAllConnections();
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, p: string, body: string) {
    const jobMatch = /^\/eSCL\/ScanJobs\/([\w-]+)(\/NextDocument)?$/.exec(p);
    if (req.method === 'GET' && p === '/eSCL/ScannerCapabilities') {
      return xml(res, capabilitiesXml(opts.makeAndModel ?? 'Simulador eSCL CATD'));
    }
    if (req.method === 'GET' && p === '/eSCL/ScannerStatus') return xml(res, statusXml());
    if (req.method === 'POST' && p === '/eSCL/ScanJobs') {
      if (takeBusy()) return res.writeHead(503).end();
      const settings = parseScanSettings(body);
      if (!settings.ok) return res.writeHead(400).end();
      const s = settings.value;
      if (s.inputSource === 'Feeder' && (jammed || sim.faults.coverOpen || sim.sheetsInFeeder === 0)) {
        return res.writeHead(409).end();
      }
      if (s.documentFormat !== 'image/jpeg' && s.documentFormat !== 'image/png')
        return res.writeHead(409).end();
      const job: SimJob = {
        id: randomUUID(),
        source: s.inputSource,
        format: s.documentFormat,
        resolution: s.resolution,
        gray: s.colorMode.startsWith('Grayscale'),
        served: 0,
        state: 'Processing',
      };
      jobs.set(job.id, job);
      const { port } = server.address() as AddressInfo;
      res.writeHead(201, { location: `http://127.0.0.1:${port}/eSCL/ScanJobs/${job.id}` }).end();
      return;
    }
    if (jobMatch) {
      const job = jobs.get(jobMatch[1]!);
      if (!job) return res.writeHead(404).end();
      if (req.method === 'DELETE' && !jobMatch[2]) {
        if (job.state === 'Processing') job.state = 'Canceled';
        return res.writeHead(200).end();
      }
      if (req.method === 'GET' && jobMatch[2]) {
        if (job.state !== 'Processing') return res.writeHead(404).end();
        if (takeBusy()) return res.writeHead(503).end();
        const sheet = job.served + 1;
        const done = job.source === 'Platen' ? job.served >= 1 : sim.sheetsInFeeder === 0;
        if (done) {
          job.state = 'Completed';
          return res.writeHead(404).end();
        }
        if (sim.faults.vanishAtPage === sheet) return vanish(req);
        if (job.source === 'Feeder' && sim.faults.jamAtPage === sheet) {
          jammed = true;
          job.state = 'Aborted';
          return res.writeHead(404).end();
        }
        if (pageDelayMs) await new Promise((r) => setTimeout(r, pageDelayMs));
        if (job.state !== 'Processing') return res.writeHead(404).end();
        const page = opts.pageSource
          ? await opts.pageSource(sheet)
          : await plainPage(sheet, {
              dpi: job.resolution,
              mode: job.gray ? 'gray' : 'color',
              format: job.format === 'image/png' ? 'png' : 'jpeg',
            });
        job.served++;
        if (job.source === 'Feeder') sim.sheetsInFeeder--;
        res
          .writeHead(200, {
            'content-type': page.format === 'png' ? 'image/png' : 'image/jpeg',
            'content-length': page.bytes.byteLength,
          })
          .end(page.bytes);
        return;
      }
    }
    res.writeHead(404).end();
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/eSCL`,
    port,
    requests,
    get faults() {
      return sim.faults;
    },
    set faults(f: EsclSimFaults) {
      sim.faults = f;
    },
    get sheetsInFeeder() {
      return sim.sheetsInFeeder;
    },
    set sheetsInFeeder(n: number) {
      sim.sheetsInFeeder = n;
      if (n > 0) jammed = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        if (!server.listening) resolve();
      }),
  };
}
