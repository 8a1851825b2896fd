// Shared memory for pages being judged, kept for the next pages instead of allocated per page.
// A 300-dpi page is 8 MB grey and 25 MB in colour; a fresh SharedArrayBuffer per page is zeroed,
// faulted in on its first copy, and counted by V8 as external memory, which on a night of
// scanning brought a full garbage collection every few pages on the core's event loop.

/** Free buffers kept at most: two pages in flight, each with a grey and a colour buffer. */
const KEEP = 4;

export class SharedPages {
  private readonly free: SharedArrayBuffer[] = [];

  /** A view of `bytes` bytes on a shared buffer (its contents are whatever the last page left). */
  take(bytes: number): Uint8Array {
    const i = this.free.findIndex((b) => b.byteLength >= bytes && b.byteLength <= bytes * 2);
    const buffer = i >= 0 ? this.free.splice(i, 1)[0]! : new SharedArrayBuffer(bytes);
    return new Uint8Array(buffer, 0, bytes);
  }

  /**
   * Gives buffers back once no worker will touch them again: only after every request on them
   * has answered. A page that failed (a worker timed out or died) does not give its buffers back:
   * a worker being ended might still write into them.
   */
  give(...views: Uint8Array[]): void {
    for (const v of views) {
      const b = v.buffer;
      if (!(b instanceof SharedArrayBuffer) || this.free.includes(b)) continue;
      this.free.push(b);
      if (this.free.length > KEEP) this.free.shift();
    }
  }
}
