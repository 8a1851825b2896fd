// `catd quality [--json] FILE...`: runs the quality gate and the QR identification on each file,
// as the scan screen would, so a supervisor can check images from a scanner or a USB drive. Exit
// code: 0 all suitable, 1 some unsuitable or unreadable, 2 usage error.
import fsp from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { displayActaKey, formatActaKeyLabel } from '../../shared/acta-key';
import { esMXQuality } from '../../shared/messages/quality';
import { QualityGate } from '../capture/quality/gate';
import type { QualityErrorCode, QualityReasonCode } from '../capture/quality/types';
import { sha256HexAsync } from '../platform/hash';

const USAGE = 'Uso: catd quality [--json] ARCHIVO...';

export type QualityFileReport =
  | {
      file: string;
      suitable: boolean;
      reasons: Array<{
        code: QualityReasonCode;
        severity: 'reject' | 'warn';
        message: string;
        value: number;
        threshold: number;
      }>;
      actaKey: string | null;
      sha256: string;
      ms: number;
    }
  | { file: string; error: { code: QualityErrorCode | 'internal' | 'unreadable'; message: string } };

export interface QualityCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: QualityCommandIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export async function checkFiles(files: string[], gate: QualityGate): Promise<QualityFileReport[]> {
  const reports: QualityFileReport[] = [];
  for (const file of files) {
    const t0 = performance.now();
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (err) {
      reports.push({
        file,
        error: {
          code: 'unreadable',
          message: `${esMXQuality.quality.error.unreadable} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        },
      });
      continue;
    }
    const r = await gate.inspect(bytes);
    if (!r.ok) {
      const code = r.error.code;
      reports.push({ file, error: { code, message: esMXQuality.quality.error[code] } });
      continue;
    }
    const { verdict, identification } = r.value;
    reports.push({
      file,
      suitable: verdict.suitable,
      reasons: verdict.reasons.map((x) => ({
        code: x.code,
        severity: x.severity,
        message: esMXQuality.quality.reason[x.code],
        value: x.value,
        threshold: x.threshold,
      })),
      actaKey: identification.ok ? formatActaKeyLabel(identification.value.key) : null,
      sha256: await sha256HexAsync(bytes),
      ms: Math.round(performance.now() - t0),
    });
  }
  return reports;
}

function table(reports: QualityFileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if ('error' in r) {
      lines.push(`✗ ${r.file}\n    ERROR: ${r.error.message}`);
      continue;
    }
    const key = r.actaKey ? r.actaKey : 'sin clave (QR ilegible)';
    lines.push(`${r.suitable ? '✓ APTA   ' : '✗ NO APTA'}  ${r.file}  ·  ${key}  ·  ${r.ms} ms`);
    for (const x of r.reasons)
      lines.push(
        `    ${x.severity === 'reject' ? 'RECHAZO' : 'AVISO  '}  ${x.message}  (medido ${x.value}, límite ${x.threshold})`,
      );
    lines.push(`    integridad SHA-256: ${r.sha256}`);
  }
  const bad = reports.filter((r) => 'error' in r || !r.suitable).length;
  lines.push(
    '',
    `${reports.length} archivo(s): ${reports.length - bad} apto(s), ${bad} no apto(s) o con error.`,
  );
  return lines.join('\n') + '\n';
}

export async function runQualityCommand(args: string[], io: QualityCommandIo = defaultIo): Promise<number> {
  let values: { json?: boolean };
  let files: string[];
  try {
    const parsed = parseArgs({
      args,
      options: { json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    values = parsed.values;
    files = parsed.positionals;
  } catch (err) {
    io.err(`catd quality: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (files.length === 0) {
    io.err(`catd quality: falta al menos un archivo\n${USAGE}\n`);
    return 2;
  }
  const gate = new QualityGate();
  try {
    const reports = await checkFiles(files, gate);
    io.out(values.json ? JSON.stringify(reports, null, 2) + '\n' : table(reports));
    return reports.every((r) => !('error' in r) && r.suitable) ? 0 : 1;
  } finally {
    await gate.close();
  }
}

// Re-exported so the screen and the CLI show a key the same way.
export { displayActaKey };
