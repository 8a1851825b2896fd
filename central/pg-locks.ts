// A transaction's locks on PostgreSQL (central/db.ts CentralDb.tx): named keys turned into
// transaction-scoped advisory locks, taken in the same round trip as BEGIN.
import { createHash } from 'node:crypto';

/**
 * What a transaction may conflict on, named by the caller: two transactions naming the same
 * exclusive key run one after the other; a shared key only waits for (and holds off) an exclusive
 * holder of the same key.
 */
export interface TxLocks {
  exclusive?: string[];
  shared?: string[];
}

/** A lock key's 64-bit advisory lock number (a hash: two keys sharing one only wait needlessly). */
function advisoryKey(key: string): string {
  return createHash('sha256').update(key).digest().readBigInt64BE(0).toString();
}

/**
 * BEGIN and the locks, one round trip (simple protocol; the keys are numbers made here). Shared
 * keys first, then exclusive ones, each sorted: every transaction takes them in one order.
 */
export function beginWithLocks(locks: TxLocks): string {
  const take = (keys: string[] | undefined, fn: string) =>
    [...new Set(keys ?? [])].sort().map((k) => `${fn}(${advisoryKey(k)})`);
  const calls = [
    ...take(locks.shared, 'pg_advisory_xact_lock_shared'),
    ...take(locks.exclusive, 'pg_advisory_xact_lock'),
  ];
  const begin = 'BEGIN ISOLATION LEVEL READ COMMITTED';
  return calls.length ? `${begin}; SELECT ${calls.join(', ')}` : begin;
}
