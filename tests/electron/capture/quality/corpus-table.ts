// The confusion table per corpus class, shared by the corpus test and `npm run bench -- quality-corpus`.
import type { Inspection, InspectionError } from '../../../../electron/capture/quality';
import type { Result } from '../../../../electron/platform/result';
import type { CorpusCase } from '../../../../sim/acta/corpus';

export interface ClassRow {
  mustReject: boolean;
  n: number;
  rejected: number;
  /** Suitable pages whose QR gave the key printed on them. */
  keysRead: number;
  codes: Map<string, number>;
  misses: string[];
  unread: string[];
}

export function tally(
  results: Array<[CorpusCase, Result<Inspection, InspectionError>]>,
): Map<string, ClassRow> {
  const rows = new Map<string, ClassRow>();
  for (const [c, r] of results) {
    if (!r.ok) continue;
    const { verdict, identification } = r.value;
    const row = rows.get(c.cls) ?? {
      mustReject: c.mustReject,
      n: 0,
      rejected: 0,
      keysRead: 0,
      codes: new Map<string, number>(),
      misses: [],
      unread: [],
    };
    const rejected = !verdict.suitable;
    row.n++;
    if (rejected) row.rejected++;
    const rejects = verdict.reasons.filter((x) => x.severity === 'reject');
    for (const x of rejects) row.codes.set(x.code, (row.codes.get(x.code) ?? 0) + 1);
    if (rejected !== c.mustReject)
      row.misses.push(`MISS ${c.label}: ${rejects.map((x) => `${x.code}=${x.value}`).join(',') || 'none'}`);
    if (!rejected && c.key) {
      const read = identification.ok && JSON.stringify(identification.value.key) === JSON.stringify(c.key);
      if (read) row.keysRead++;
      else row.unread.push(`UNREAD ${c.label}`);
    }
    rows.set(c.cls, row);
  }
  return rows;
}

const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(0)} %` : '—').padStart(6);

export function classTable(rows: Map<string, ClassRow>): string {
  const lines = ['class          pages  rejected  recall  false-rej  keys-read  reject reasons'];
  for (const [cls, row] of rows) {
    const suitable = row.n - row.rejected;
    lines.push(
      `${cls.padEnd(14)} ${String(row.n).padStart(5)}  ${String(row.rejected).padStart(8)}  ${row.mustReject ? pct(row.rejected, row.n) : '     —'}  ${row.mustReject ? '        —' : pct(row.rejected, row.n).padStart(9)}  ${row.mustReject ? '        —' : pct(row.keysRead, suitable).padStart(9)}  ${[...row.codes].map(([k, v]) => `${k}×${v}`).join(' ')}`,
    );
  }
  for (const row of rows.values()) lines.push(...row.misses, ...row.unread);
  return lines.join('\n');
}
