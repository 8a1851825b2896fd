// Expected failures are values, not exceptions (DESIGN.md §7): a device unplugged, a link down,
// a bad file. One shape for all of them, so a caller always reads `ok`, then `value` or `error`.
// Programming errors still throw.

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export function ok(): Ok<void>;
export function ok<T>(value: T): Ok<T>;
export function ok<T>(value?: T): Ok<T | undefined> {
  return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
