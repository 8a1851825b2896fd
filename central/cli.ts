// `catd central ...` (`catd intake ...` is the same command): the central intake service and its
// supervisor commands.
//   catd central [--port N]... [--data DIR] [--tls] [--fault MODE] [--partials-expire-min N]
//                                                                    serve (one URL per port)
//   catd central import DIR --data DIR                               import a removable-media export
//   catd central enrol --station ID --key FILE --data DIR [--catd EE-DD]
//                                                                    enrol a station's public key (and its CATD)
//   catd central actas --data DIR [--key ACTA_KEY]                    which record stands per casilla
//   catd central anchors --station ID --data DIR [--out FILE]         a station's audit anchors, signed
//   catd central verify-export FILE --station ID --data DIR           a station's audit export vs anchors
//   catd central operator add ID --name NAME --data DIR               an operator of the central's screens
//   catd central catalogue FILE.csv... --data DIR                     the casillas each CATD must send
//   catd central original request ACTA_KEY --by ID --data DIR | list  a copy's scanned original, asked of its station
// Every command that reads the records takes --database postgres://…[,replica…] (PostgreSQL instead
// of the data folder's SQLite file: see docs/central-storage.md).
// A mistake in the command line is a CentralUsageError; main.ts prints it as one line, exit code 2.
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../electron/platform/canonical-json';
import { writeFileAtomic } from '../electron/platform/durable-files';
import { describeFindings } from '../shared/anchors';
import { verifyExportAgainstAnchors } from './anchors';
import { parseArgs } from 'node:util';
import { INTAKE_FAULTS, startIntakeServer, type IntakeFault } from './server';
import { CentralPurposeSchema } from './purpose';
import { CentralStore } from './store';
import { isPostgresUrl, pgPoolSize } from './db';
import { admissionLimits, ANSWER_TARGET_MS } from './admission';
import { findExportFolders, importMediaFolder } from './import';
import { cmdCatalogue, cmdOperator, cmdOriginal, PanelUsageError } from './cli-panel';
import {
  centralKeyFiles,
  enrolStation,
  enrolStationCatd,
  EnrolmentError,
  loadOrCreateCentralKey,
  stationPublicKey,
} from './keys';

export class CentralUsageError extends Error {
  override name = 'CentralUsageError';
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CentralUsageError(`--port debe ser un número entre 0 y 65535 (recibido: «${value}»)`);
  return n;
}

/** `--database postgres://…`: the records in PostgreSQL instead of the data folder's SQLite file. */
function databaseOption(url: string | undefined): { databaseUrl?: string } {
  if (url === undefined) return {};
  if (!isPostgresUrl(url))
    throw new CentralUsageError(`--database debe ser un URL postgres://… (recibido: «${url}»)`);
  // Checked here, before anything opens, so a bad setting is one clear line, not a stack trace.
  try {
    pgPoolSize();
  } catch (err) {
    throw new CentralUsageError((err as Error).message);
  }
  return { databaseUrl: url };
}

/** Serves until SIGINT/SIGTERM; for import and enrol, sets process.exitCode (0 ok, 1 refused). */
export async function runCentralCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'import') return cmdImport(rest);
  if (sub === 'enrol') return cmdEnrol(rest);
  if (sub === 'actas') return cmdActas(rest);
  if (sub === 'anchors') return cmdAnchors(rest);
  if (sub === 'verify-export') return cmdVerifyExport(rest);
  const open = (data: string, database: string | undefined) =>
    CentralStore.open(data, databaseOption(database));
  try {
    if (sub === 'operator') return await cmdOperator(rest, open);
    if (sub === 'catalogue') return await cmdCatalogue(rest, open);
    if (sub === 'original') return await cmdOriginal(rest, open);
  } catch (err) {
    if (err instanceof PanelUsageError) throw new CentralUsageError(err.message);
    throw err;
  }
  return cmdServe(args);
}

async function cmdServe(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', multiple: true },
      data: { type: 'string' },
      database: { type: 'string' },
      tls: { type: 'boolean' },
      fault: { type: 'string' },
      'partials-expire-min': { type: 'string' },
      purpose: { type: 'string' },
    },
    strict: true,
  });
  const purpose = CentralPurposeSchema.safeParse(values.purpose ?? 'production');
  if (!purpose.success) throw new CentralUsageError('--purpose debe ser production o training');
  const fault = values.fault ?? 'none';
  const expireMin = values['partials-expire-min'];
  if (expireMin !== undefined && !(Number.isInteger(Number(expireMin)) && Number(expireMin) >= 1))
    throw new CentralUsageError(
      `--partials-expire-min debe ser un número entero de minutos (recibido: «${expireMin}»)`,
    );
  if (!(INTAKE_FAULTS as readonly string[]).includes(fault))
    throw new CentralUsageError(`--fault debe ser uno de: ${INTAKE_FAULTS.join(', ')}`);
  let admission;
  try {
    admission = admissionLimits();
  } catch (err) {
    throw new CentralUsageError((err as Error).message);
  }
  const server = await startIntakeServer({
    ports: (values.port ?? ['0']).map(parsePort),
    admission,
    ...(values.data ? { dataDir: path.resolve(values.data) } : {}),
    ...databaseOption(values.database),
    tls: values.tls ?? false,
    fault: fault as IntakeFault,
    purpose: purpose.data,
    ...(expireMin ? { partialLimits: { expireAfterMs: Number(expireMin) * 60_000 } } : {}),
  });
  for (const url of server.urls) console.log(`Intake: ${url}`);
  console.log(`Datos: ${server.dataDir}`);
  console.log(
    `Clave central: ${centralKeyFiles(server.dataDir).publicFile} (huella ${server.store.key.fingerprint})`,
  );
  if (server.caFile) console.log(`CA: ${server.caFile}`);
  if (fault !== 'none') console.log(`Falla simulada: ${fault}`);
  if (server.store.purpose === 'training')
    console.log('Acopio de CAPACITACIÓN: solo acepta actas de capacitación');
  console.log(
    admission
      ? `Admisión: hasta ${admission.startAt} solicitudes a la vez antes de pedir a las estaciones que esperen (CATD_INTAKE_ADMIT; menos mientras los manifiestos tarden más de ${ANSWER_TARGET_MS} ms)`
      : 'Admisión: sin límite (CATD_INTAKE_ADMIT=off)',
  );
  // A node turning stations away says so once a minute, so its operator sees the limit at work.
  let told = { start: 0, continue: 0 };
  const busyReport = setInterval(() => {
    const now = server.busyAnswers();
    if (!now) return;
    const minute = now.start + now.continue - told.start - told.continue;
    told = now;
    // The adaptive limit (admission.ts) is below the configured one while manifests are slow.
    const limit = server.startLimit();
    const lowered =
      admission && limit !== null && limit < admission.startAt
        ? `; límite en vigor ${limit} de ${admission.startAt}: los manifiestos tardan`
        : '';
    if (minute > 0)
      console.log(
        `Ocupado: ${minute} solicitudes recibieron «espere» en el último minuto (${now.start + now.continue} desde el inicio)${lowered}`,
      );
  }, 60_000);
  busyReport.unref();
  const stop = async () => {
    clearInterval(busyReport);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

async function cmdImport(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, database: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1)
    throw new CentralUsageError('indique la carpeta a importar: catd central import DIR');
  if (!values.data)
    throw new CentralUsageError('indique la carpeta de datos del acopio central con --data DIR');
  const folders = findExportFolders(path.resolve(positionals[0]!));
  if (folders.length === 0)
    throw new CentralUsageError(`no hay exportaciones de estación en ${positionals[0]}`);
  const store = await CentralStore.open(path.resolve(values.data), databaseOption(values.database));
  let refused = 0;
  try {
    for (const f of folders) {
      const s = await importMediaFolder(store, f);
      if (s.error) {
        refused++;
        console.log(`${f}: RECHAZADA (${s.error})`);
        continue;
      }
      refused += s.refused.length;
      console.log(
        `${f}: estación ${s.stationId}: ${s.created} actas nuevas, ${s.replayed} ya recibidas, ${s.refused.length} rechazadas; acuses en receipts.json`,
      );
      for (const r of s.refused) console.log(`  rechazada ${r.idempotencyKey}: ${r.error}`);
    }
  } finally {
    await store.close();
  }
  process.exitCode = refused ? 1 : 0;
}

function cmdEnrol(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      station: { type: 'string' },
      key: { type: 'string' },
      catd: { type: 'string' },
    },
    strict: true,
  });
  if (!values.data || !values.station || !values.key)
    throw new CentralUsageError(
      'uso: catd central enrol --station ID --key ARCHIVO.pub --data DIR [--catd ENTIDAD-DISTRITO]',
    );
  try {
    const fp = enrolStation(path.resolve(values.data), values.station, path.resolve(values.key));
    // The CATD the station reads and fills at acopio (catd-view.ts); without it, only its own counts.
    if (values.catd) enrolStationCatd(path.resolve(values.data), values.station, values.catd);
    loadOrCreateCentralKey(path.resolve(values.data));
    console.log(`Estación ${values.station} inscrita (huella ${fp}).`);
    console.log(
      `Entregue a la estación la clave central: ${centralKeyFiles(path.resolve(values.data)).publicFile}`,
    );
  } catch (err) {
    if (err instanceof EnrolmentError) throw new CentralUsageError(err.message);
    throw err;
  }
}

/** Each casilla's records, and which stand for it: what a count at the central takes. */
async function cmdActas(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, database: { type: 'string' }, key: { type: 'string' } },
    strict: true,
  });
  if (!values.data) throw new CentralUsageError('uso: catd central actas --data DIR [--key CLAVE]');
  const store = await CentralStore.open(path.resolve(values.data), databaseOption(values.database));
  try {
    const records = await store.records(values.key);
    if (records.length === 0)
      console.log(values.key ? `Sin registros de ${values.key}.` : 'Sin actas recibidas.');
    let casilla = '';
    for (const r of records) {
      if (r.actaKey !== casilla) {
        casilla = r.actaKey;
        const standing = records.filter((x) => x.actaKey === casilla && x.supersededBy === null);
        console.log(
          `${casilla}: vigente${standing.length === 1 ? '' : 's'} ${standing.map((x) => `registro ${x.record}`).join(', ') || 'ninguno'}`,
        );
      }
      const how =
        r.resolution === 'replace'
          ? ' (reemplazo)'
          : r.resolution === 'keep_both'
            ? ' (conservar ambas)'
            : '';
      const fate = r.supersededBy ? `reemplazado por ${r.supersededBy}` : 'vigente';
      console.log(
        `  registro ${r.record}${how} · ${r.stationId} · ${r.receiptId} · ${r.receivedAt} · ${r.via} · ${fate}`,
      );
    }
  } finally {
    await store.close();
  }
}

/** The station's anchors as a file signed by the central's key, for `catd audit verify --anchors`. */
async function cmdAnchors(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      database: { type: 'string' },
      station: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.data || !values.station)
    throw new CentralUsageError('uso: catd central anchors --station ID --data DIR [--out ARCHIVO]');
  const store = await CentralStore.open(path.resolve(values.data), databaseOption(values.database));
  try {
    const signed = await store.anchors.exportSigned(values.station, store.key);
    const text = canonicalJson(signed) + '\n';
    if (!values.out) {
      process.stdout.write(text);
      return;
    }
    writeFileAtomic(path.resolve(values.out), text, 0o644);
    const last = signed.anchors.anchors.at(-1);
    console.log(
      `${signed.anchors.anchors.length} anclas de ${values.station}${last ? ` (última: entrada ${last.seq})` : ''} en ${values.out}, firmadas por la clave del centro ${store.key.fingerprint}.`,
    );
  } finally {
    await store.close();
  }
}

/** A station's signed audit export, checked with its enrolled key and against its anchors. */
async function cmdVerifyExport(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { data: { type: 'string' }, database: { type: 'string' }, station: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.data || !values.station)
    throw new CentralUsageError('uso: catd central verify-export ARCHIVO --station ID --data DIR');
  const dataDir = path.resolve(values.data);
  const file = path.resolve(positionals[0]!);
  if (!fs.existsSync(file) || !fs.existsSync(`${file}.sig`))
    throw new CentralUsageError(`faltan ${positionals[0]} o su firma ${positionals[0]}.sig`);
  const pub = stationPublicKey(dataDir, values.station);
  if (!pub) throw new CentralUsageError(`la estación ${values.station} no está inscrita en ${values.data}`);
  const store = await CentralStore.open(dataDir, databaseOption(values.database));
  try {
    const v = verifyExportAgainstAnchors(file, pub, await store.anchors.list(values.station));
    if (v.ok) {
      console.log(
        `Exportación válida: firmada con la clave inscrita de ${values.station}, ${v.entries} entradas encadenadas, concuerda con ${v.anchors} anclas${v.lastAnchor ? ` (la última en la entrada ${v.lastAnchor})` : ''}.`,
      );
      process.exitCode = 0;
      return;
    }
    console.log(`Exportación NO válida: ${v.reason}.`);
    for (const line of describeFindings(v.findings)) console.log(`  ${line}`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}
