// Canonical JSON: object keys sorted at every level, undefined members left out, no whitespace.
// Everything that is hashed or signed (audit entries, manifests, receipts, heartbeats, removable-
// media indexes) is serialised this way, by the station and the central alike, so the same value
// always gives the same bytes on either side.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}
