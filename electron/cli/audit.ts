// `catd audit verify | export | verify-export`: the audit chain for supervisors and outside auditors.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../station/config';
import { systemClock } from '../platform/clock';
import { openDatabaseReadOnly } from '../store/db';
import { AuditLog } from '../security/audit';
import { exportAudit, verifyAuditExport } from '../security/audit-export';
import { loadOrCreateStationKey } from '../security/station-key';

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
    options: { data: { type: 'string' }, out: { type: 'string' }, pub: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const dataDir = path.resolve(values.data ?? defaultDataDir());
  switch (sub) {
    case 'verify': {
      const { audit, close } = openAudit(dataDir);
      try {
        const v = audit.verify();
        if (v.ok) {
          console.log(`Bitácora íntegra: ${v.entries} entradas verificadas.`);
          return 0;
        }
        console.log(
          `Bitácora ALTERADA: primera entrada mala ${v.brokenAt} (${v.reason}); ${v.entries} entradas leídas.`,
        );
        return 1;
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
      if (!file)
        throw new AuditUsageError(
          'indique el archivo exportado: catd audit verify-export ARCHIVO [--pub CLAVE.pub]',
        );
      const v = verifyAuditExport(
        path.resolve(file),
        values.pub ? fs.readFileSync(values.pub, 'utf8') : undefined,
      );
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
        `use «catd audit verify», «catd audit export --out ARCHIVO» o «catd audit verify-export ARCHIVO»`,
      );
  }
}
