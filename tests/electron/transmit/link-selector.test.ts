// Link selection on its own, with a hand-moved clock and probe answers given directly: which link
// carries the traffic after failures, recoveries and a supervisor's preference, and how long a
// link's circuit stays open. The failover, faults and supervisor-controls tests cover the same
// rules end to end against real intake servers.
import { afterEach, expect, it, vi } from 'vitest';
import { TransmitLinkSchema } from '../../../electron/transmit/config';
import {
  CIRCUIT_BASE_MS,
  CIRCUIT_MAX_MS,
  LinkSelector,
  type LinkProbe,
  type LinkSelectorOptions,
  type LinkSwitch,
  type SelectableLink,
} from '../../../electron/transmit/link-selector';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { err, ok } from '../../../electron/platform/result';

const FAILBACK_MS = 1_500;
const GOOD: LinkProbe = ok({ latencyMs: 12 });
const DOWN: LinkProbe = err('transmit.error.connect:ECONNREFUSED');

function link(over: { name: string; priority: number }) {
  return TransmitLinkSchema.parse({
    role: over.priority === 1 ? 'primary' : 'backup',
    url: 'http://127.0.0.1:9',
    ...over,
  });
}

const selectors: LinkSelector[] = [];
afterEach(() => {
  for (const s of selectors.splice(0)) {
    s.stop();
    for (const l of s.links) l.client.close();
  }
  vi.useRealTimers();
});

/** A selector over a primary and a backup (given in reverse priority order), not yet probing. */
function world(over: Partial<LinkSelectorOptions> = {}) {
  let t = 1_000_000;
  const switches: LinkSwitch[] = [];
  const log = createMemoryLogger();
  const selector = new LinkSelector({
    links: [link({ name: 'respaldo', priority: 2 }), link({ name: 'primario', priority: 1 })],
    failbackAfterMs: FAILBACK_MS,
    probeIntervalMs: 200,
    now: () => t,
    log,
    // Jitter at its top: every circuit waits the whole backoff.
    random: () => 1,
    probe: () => Promise.resolve(GOOD),
    onSwitch: (s) => switches.push(s),
    ...over,
  });
  selectors.push(selector);
  const byName = (name: string): SelectableLink => selector.links.find((l) => l.cfg.name === name)!;
  return {
    selector,
    switches,
    log,
    primary: byName('primario'),
    backup: byName('respaldo'),
    advance: (ms: number) => (t += ms),
    active: () => selector.activeLink()?.cfg.name ?? null,
    circuit: (name: string) => selector.status().find((s) => s.name === name)!.circuit,
  };
}

/** Starts without running any probe: the tests hand the probe answers in. */
function started(w: ReturnType<typeof world>) {
  vi.useFakeTimers();
  w.selector.start();
  return w;
}

it('starts on the first link by priority, whatever the configured order', () => {
  const w = started(world());
  expect(w.active()).toBe('primario');
  expect(w.selector.links.map((l) => l.cfg.name)).toEqual(['primario', 'respaldo']);
  expect(w.switches).toEqual([{ from: null, to: 'primario', reason: 'start' }]);
  expect(w.selector.status().map((s) => [s.name, s.active, s.circuit])).toEqual([
    ['primario', true, 'closed'],
    ['respaldo', false, 'closed'],
  ]);
});

it('fails over at the first failure of the active link, with the failure as the reason', () => {
  const w = started(world());
  w.selector.linkFailed(w.primary, 'transmit.error.server:502');
  expect(w.active()).toBe('respaldo');
  expect(w.circuit('primario')).toBe('open');
  expect(w.switches.at(-1)).toEqual({
    from: 'primario',
    to: 'respaldo',
    reason: 'transmit.error.server:502',
  });
  expect(w.selector.status()[0]).toMatchObject({
    lastError: 'transmit.error.server:502',
    healthySince: null,
  });
  expect(w.log.lines.some((l) => l.event === 'link-circuit-open' && l.link === 'primario')).toBe(true);
});

it('a missed probe on the active link fails over like a failed acta', () => {
  const w = started(world());
  w.selector.recordProbe(w.primary, DOWN);
  expect(w.active()).toBe('respaldo');
  expect(w.switches.at(-1)?.reason).toBe('transmit.error.connect:ECONNREFUSED');
});

it('fails back only after the recovered link has answered every probe for the failback period', () => {
  const w = started(world());
  w.selector.linkFailed(w.primary, 'transmit.error.reset:ECONNRESET');
  w.advance(CIRCUIT_BASE_MS);
  w.selector.recordProbe(w.primary, GOOD);
  w.advance(FAILBACK_MS - 1);
  w.selector.recordProbe(w.primary, GOOD);
  expect(w.active()).toBe('respaldo');

  // A miss in between starts the count again: a flapping primary does not take the work back.
  w.selector.recordProbe(w.primary, DOWN);
  w.advance(1);
  w.selector.recordProbe(w.primary, GOOD);
  w.advance(FAILBACK_MS - 1);
  w.selector.recordProbe(w.primary, GOOD);
  expect(w.active()).toBe('respaldo');
  expect(w.circuit('primario')).toBe('open');

  w.advance(1);
  w.selector.recordProbe(w.primary, GOOD);
  expect(w.active()).toBe('primario');
  expect(w.circuit('primario')).toBe('closed');
  expect(w.switches.at(-1)).toEqual({ from: 'respaldo', to: 'primario', reason: 'link.recovered' });
  expect(w.selector.status()[0]?.lastError).toBeNull();
});

it('with every link down there is no active link; the first good probe after the wait brings one back', () => {
  const w = started(world());
  w.selector.linkFailed(w.primary, 'transmit.error.timeout:headers');
  w.selector.linkFailed(w.backup, 'transmit.error.timeout:headers');
  expect(w.active()).toBeNull();
  expect(w.switches.at(-1)).toEqual({ from: 'respaldo', to: null, reason: 'transmit.error.timeout:headers' });

  // Healthy, but the circuit's wait has not passed.
  w.advance(CIRCUIT_BASE_MS - 1);
  w.selector.recordProbe(w.backup, GOOD);
  expect(w.active()).toBeNull();
  // Nothing else works: no failback period to wait out.
  w.advance(1);
  w.selector.recordProbe(w.backup, GOOD);
  expect(w.active()).toBe('respaldo');
});

it('each consecutive opening of a circuit waits twice as long, up to the ceiling; a delivery resets it', () => {
  const w = started(world({ failbackAfterMs: 0 }));
  const closesAfter = (): number => {
    w.selector.linkFailed(w.primary, 'transmit.error.reset:ECONNRESET');
    let waited = 0;
    while (w.circuit('primario') === 'open') {
      w.advance(100);
      waited += 100;
      w.selector.recordProbe(w.primary, GOOD);
    }
    return waited;
  };
  expect(closesAfter()).toBe(CIRCUIT_BASE_MS);
  expect(closesAfter()).toBe(2 * CIRCUIT_BASE_MS);
  expect(closesAfter()).toBe(4 * CIRCUIT_BASE_MS);
  w.selector.linkDelivered(w.primary);
  expect(closesAfter()).toBe(CIRCUIT_BASE_MS);
  for (let i = 0; i < 10; i++) closesAfter();
  expect(closesAfter()).toBe(CIRCUIT_MAX_MS);
});

it('a preferred link carries the traffic while it works, and takes it back when it recovers', () => {
  const w = started(world());
  expect(w.selector.prefer('no-existe')).toBe(false);
  expect(w.selector.preferredLink()).toBeNull();
  expect(w.switches).toHaveLength(1);

  expect(w.selector.prefer('respaldo')).toBe(true);
  expect(w.active()).toBe('respaldo');
  expect(w.switches.at(-1)).toEqual({ from: 'primario', to: 'respaldo', reason: 'supervisor.prefer' });

  w.selector.linkFailed(w.backup, 'transmit.error.connect:EHOSTUNREACH');
  expect(w.active()).toBe('primario');
  w.advance(CIRCUIT_BASE_MS);
  w.selector.recordProbe(w.backup, GOOD);
  w.advance(FAILBACK_MS);
  w.selector.recordProbe(w.backup, GOOD);
  expect(w.active()).toBe('respaldo');
  expect(w.selector.preferredLink()).toBe('respaldo');

  expect(w.selector.prefer(null)).toBe(true);
  expect(w.active()).toBe('primario');
  expect(w.switches.at(-1)).toEqual({ from: 'respaldo', to: 'primario', reason: 'supervisor.priority' });
});

it('probes every link on its own timer from start until stop', async () => {
  const probed: string[] = [];
  const answers = new Map<string, LinkProbe>([
    ['primario', GOOD],
    ['respaldo', GOOD],
  ]);
  const w = world({
    probe: (l) => {
      probed.push(l.cfg.name);
      return Promise.resolve(answers.get(l.cfg.name)!);
    },
  });
  vi.useFakeTimers();
  w.selector.start();
  await vi.advanceTimersByTimeAsync(0);
  expect(probed.sort()).toEqual(['primario', 'respaldo']);
  expect(w.selector.status().map((s) => s.latencyMs)).toEqual([12, 12]);

  answers.set('primario', DOWN);
  await vi.advanceTimersByTimeAsync(200);
  expect(w.active()).toBe('respaldo');
  expect(probed).toHaveLength(4);

  w.selector.stop();
  await vi.advanceTimersByTimeAsync(1_000);
  expect(probed).toHaveLength(4);
});
