// Work in progress that must not be interrupted (by an update or a controlled shutdown): capture
// registers a scan, transmission an upload. Each registration ends by calling what begin returns.
/** Work that an update or a controlled shutdown must wait for. */
export type WorkInProgress = 'scanning' | 'transmitting';

export class Activity {
  private readonly running = new Map<WorkInProgress, number>();
  private readonly idleListeners = new Set<() => void>();

  begin(kind: WorkInProgress): () => void {
    this.running.set(kind, (this.running.get(kind) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const n = (this.running.get(kind) ?? 1) - 1;
      if (n <= 0) this.running.delete(kind);
      else this.running.set(kind, n);
      if (this.running.size === 0) for (const l of [...this.idleListeners]) l();
    };
  }

  busy(): WorkInProgress[] {
    return [...this.running.keys()];
  }

  /** Called each time the last running work ends (a deferred update waits for this). Returns the unsubscribe. */
  onIdle(listener: () => void): () => void {
    this.idleListeners.add(listener);
    return () => this.idleListeners.delete(listener);
  }
}
