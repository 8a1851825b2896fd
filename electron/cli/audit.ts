// `catd audit verify [--anchors FILE] | export | verify-export FILE --pub KEY`: the audit chain for
// supervisors and outside auditors. The chain alone shows edits that break it; only anchors kept
// off the station (the central's) show a chain cut short or rewritten with every hash recomputed.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../station/config';
import { systemClock } from '../platform/clock';
import { openDatabaseReadOnly } from '../store/db';
import { AuditLog } from '../security/audit';
import { exportAudit, verifyAuditExport } from '../security/audit-export';
import { loadOrCreateStationKey } from '../security/station-key';
import { checkAuditAgainstAnchors, readAnchorsFile } from '../security/audit-anchors';
import { loadCentralKey } from '../transmit/enrolment';
import { describeFindings } from '../../shared/anchors';
import { fingerprintOf } from '../platform/signing';

export class AuditUsageError extends Error {}

function openAudit(dataDir: string): { audit: AuditLog; close(): void } {
  const file = path.join(dataDir, 'catd.sqlite');
  if (!fs.existsSync(file)) throw new AuditUsageError(`no hay base de datos de la estación en ${dataDir}`);
  const db = openDatabaseReadOnly(file);
  return { audit: new AuditLog(db, systemClock), close: () => db.close() };
}

/** Returns the exit code: 0 intact, 1 broken, 2 usage. */
export function runAuditCommand(args: string[]): number {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      pub: { type: 'string' },
      anchors: { type: 'string' },
      'central-pub': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  switch (sub) {
    case 'verify': {
      const { audit, close } = openAudit(dataDir);
      try {
        const v = audit.verify();
        if (!v.ok) {
          console.log(
            `Bitácora ALTERADA: primera entrada mala ${v.brokenAt} (${v.reason}); ${v.entries} entradas leídas.`,
          );
          return 1;
        }
        if (!values.anchors) {
          console.log(`Bitácora íntegra: ${v.entries} entradas verificadas.`);
          console.log(
            'Sin anclas del centro: no se puede descartar que se hayan borrado o reescrito entradas.',
          );
          return 0;
        }
        return verifyAgainstAnchors(audit, v.entries, values.anchors, values['central-pub'], dataDir);
      } finally {
        close();
      }
    }
    case 'export': {
      if (!values.out) throw new AuditUsageError('indique el archivo de salida con --out ARCHIVO');
      const { audit, close } = openAudit(dataDir);
      try {
        const r = exportAudit(audit, loadOrCreateStationKey(dataDir), path.resolve(values.out));
        console.log(
          `Exportadas ${r.entries} entradas a ${r.file} (firma: ${r.signatureFile}, clave pública: ${r.publicKeyFile}).`,
        );
        return 0;
      } finally {
        close();
      }
    }
    case 'verify-export': {
      const file = positionals[0];
      // The key must come from outside the export: a .pub beside it is whatever its author put there.
      if (!file || !values.pub)
        throw new AuditUsageError(
          'indique el archivo exportado y la clave pública de la estación obtenida por otra vía (la del centro de acopio, no la que acompaña la exportación): catd audit verify-export ARCHIVO --pub CLAVE.pub',
        );
      const v = verifyAuditExport(path.resolve(file), fs.readFileSync(values.pub, 'utf8'));
      if (v.ok) {
        console.log(
          `Exportación válida: firma correcta y ${v.entries} entradas encadenadas (última ${v.lastHash.slice(0, 16)}…).`,
        );
        return 0;
      }
      console.log(`Exportación NO válida: ${v.reason}${v.brokenAt ? ` (entrada ${v.brokenAt})` : ''}.`);
      return 1;
    }
    default:
      throw new AuditUsageError(
        `use «catd audit verify [--anchors ARCHIVO]», «catd audit export --out ARCHIVO» o «catd audit verify-export ARCHIVO --pub CLAVE.pub»`,
      );
  }
}

/** The chain is whole; now it must still hold every anchor the central kept. */
function verifyAgainstAnchors(
  audit: AuditLog,
  entries: number,
  anchorsFile: string,
  centralPubFile: string | undefined,
  dataDir: string,
): number {
  const centralPem = centralPubFile ? fs.readFileSync(centralPubFile, 'utf8') : loadCentralKey(dataDir);
  if (!centralPem)
    throw new AuditUsageError('no hay clave del centro: indíquela con --central-pub CLAVE.pub');
  const read = readAnchorsFile(path.resolve(anchorsFile), centralPem);
  if (!read.ok) {
    console.log(`Anclas NO válidas: ${read.error}.`);
    return 1;
  }
  const anchors = read.value;
  console.log(
    `Anclas de ${anchors.stationId} (${anchors.anchors.length}, exportadas ${anchors.exportedAt}), firmadas por la clave del centro ${fingerprintOf(centralPem)}${centralPubFile ? '' : ' (la instalada en esta estación)'}.`,
  );
  const findings = checkAuditAgainstAnchors(audit, anchors);
  if (findings.length) {
    console.log(`Bitácora ALTERADA respecto de las anclas del centro (${entries} entradas locales):`);
    for (const line of describeFindings(findings)) console.log(`  ${line}`);
    return 1;
  }
  const last = anchors.anchors.at(-1);
  console.log(
    `Bitácora íntegra y anclada: ${entries} entradas; concuerda con ${anchors.anchors.length} anclas${last ? ` (la última en la entrada ${last.seq})` : ''}.`,
  );
  if (last && entries > last.seq)
    console.log(
      `Las entradas ${last.seq + 1} a ${entries} son posteriores a la última ancla: aún sin anclar.`,
    );
  return 0;
}
