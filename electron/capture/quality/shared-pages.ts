// Shared memory for pages being judged, kept for the next pages instead of allocated per page.
// A 300-dpi page is 8 MB grey and 25 MB in colour; a fresh SharedArrayBuffer per page is zeroed,
// faulted in on its first copy, and counted by V8 as external memory, which on a night of
// scanning brought a full garbage collection every few pages on the core's event loop.
// A new buffer's memory is first touched by an analysis worker (see QualityGate), never by the
// event loop: the kernel maps it in page by page as it is first written, which costs 2–5 ms per
// MB on a virtual machine (a colour page's 25 MB held the event loop 100–140 ms).

/** Free buffers kept at most: two pages in flight, each with a grey and a colour buffer. */
const KEEP = 4;

export class SharedPages {
  private readonly free: SharedArrayBuffer[] = [];

  /**
   * A view of `bytes` bytes on a shared buffer (its contents are whatever the last page left);
   * `fresh` when the buffer is new, its memory not yet touched by anyone.
   */
  take(bytes: number): { view: Uint8Array; fresh: boolean } {
    const i = this.free.findIndex((b) => b.byteLength >= bytes && b.byteLength <= bytes * 2);
    const buffer = i >= 0 ? this.free.splice(i, 1)[0]! : new SharedArrayBuffer(bytes);
    return { view: new Uint8Array(buffer, 0, bytes), fresh: i < 0 };
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
