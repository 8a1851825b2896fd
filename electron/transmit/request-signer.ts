// Signs each request to the central with the station key (shared/intake-auth.ts). The timestamp
// is put on the central's clock with the offset the transmitter last measured (clock-offset.ts):
// a station whose own clock is off still lands inside the central's window. A central that
// refuses the timestamp as stale answers with its time: `resync` measures the offset from that
// exchange, so the next attempt is signed right without waiting for a probe.
import { randomBytes } from 'node:crypto';
import {
  AUTH_CONTENT_SHA_HEADER,
  AUTH_NONCE_HEADER,
  AUTH_PURPOSE_HEADER,
  AUTH_SIGNATURE_HEADER,
  AUTH_TIMESTAMP_HEADER,
  requestSigningText,
  STATION_HEADER,
  TRAINING_PURPOSE,
} from '../../shared/intake-auth';
import type { Clock } from '../platform/clock';
import { sha256Hex } from '../platform/hash';
import { signBytes } from '../platform/signing';
import type { StationKey } from '../security/station-key';
import { offsetFromExchange, type ClockOffsetMeter, type ExchangeTiming } from './clock-offset';

export class RequestSigner {
  constructor(
    private readonly key: StationKey,
    readonly stationId: string,
    readonly clock: Clock,
    private readonly offset: ClockOffsetMeter,
    /** A training station marks (and signs) every request as training: no real central accepts one. */
    readonly training = false,
  ) {}

  /** The central's time as this station estimates it (its own clock when nothing was measured). */
  centralNowMs(): number {
    return this.clock.now().getTime() + (this.offset.latest()?.offsetMs ?? 0);
  }

  /** Fresh headers for one attempt: every attempt has its own nonce (a retry is not a replay). */
  headers(method: string, pathAndQuery: string, body: Buffer | undefined): Record<string, string> {
    const contentSha256 = sha256Hex(body ?? Buffer.alloc(0));
    const timestampMs = Math.round(this.centralNowMs());
    const nonce = randomBytes(18).toString('base64url');
    const text = requestSigningText({
      method,
      pathAndQuery,
      contentSha256,
      timestampMs,
      nonce,
      stationId: this.stationId,
      training: this.training,
    });
    return {
      ...(this.training ? { [AUTH_PURPOSE_HEADER]: TRAINING_PURPOSE } : {}),
      [STATION_HEADER]: this.stationId,
      [AUTH_TIMESTAMP_HEADER]: String(timestampMs),
      [AUTH_NONCE_HEADER]: nonce,
      [AUTH_CONTENT_SHA_HEADER]: contentSha256,
      [AUTH_SIGNATURE_HEADER]: signBytes(this.key, Buffer.from(text)),
    };
  }

  /** The central said our timestamp was stale and told its time: measure the offset from it. */
  resync(timing: ExchangeTiming, centralTime: unknown, link: string): boolean {
    const report = offsetFromExchange(timing, centralTime, link);
    if (!report) return false;
    this.offset.record(report);
    return true;
  }
}
