/**
 * Test helper for the kiosk example: an environment with its simulator, the
 * simulator's admin side (balances, bookings, faults), fresh vouchers for the
 * test persons, a reader of the kiosk's server-sent views, and a kiosk with
 * its server opened over the environment (`openKiosk`).
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'yibao-pos';
import { initEnvironment, issueVoucher, readEnvKey, simAdminFetch, startSimulator, terminalConfigFromEnv, type PersonCase, type Simulator } from 'yibao-pos/sim';
import type { KioskView } from '../../examples/kiosk/api.js';
import { DEMO_BASKET } from '../../examples/kiosk/service/basket.js';
import { startKioskServer, type KioskServerOptions } from '../../examples/kiosk/service/http.js';
import { Kiosk, type KioskTimer } from '../../examples/kiosk/service/kiosk.js';
import { faultFired } from './faults.js';

export interface SimEnv {
  dir: string;
  sim: Simulator;
  persons: PersonCase[];
  person(c: string): PersonCase;
  /** A fresh voucher QR text for a test person, as their wallet draws it. */
  code(c: string): Promise<string>;
  balanceOf(c: string): Promise<number | undefined>;
  bookings(): Promise<Array<{ msgid: string; infno: string; state: string; totalFen: number; psn_no: string }>>;
  fault(body: Record<string, unknown>): Promise<void>;
  /** Resolves once no fault is set for `infno`: the one set for it fired its last time (its message reached the gateway). */
  faultFired(infno: string): Promise<void>;
  /** Points the admin calls at a simulator started elsewhere (by `npm run kiosk`). */
  useSimulatorAt(url: string): void;
  close(): Promise<void>;
}

/** An environment, with its simulator started here unless `startSim` is false. */
export async function simEnv(options: { startSim?: boolean } = {}): Promise<SimEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'yibao-kiosk-test-'));
  const { persons, settings } = await initEnvironment({ dir });
  const sim = options.startSim === false ? (undefined as unknown as Simulator) : await startSimulator({ dir });
  const key = await readEnvKey(dir, 'issuer', 'private');
  const person = (c: string) => {
    const p = persons.find((x) => x.case === c);
    if (!p) throw new Error(`no ${c} person`);
    return p;
  };
  let simUrl = sim?.url;
  // The environment's admin token (DIR/admin-token): the simulator may run in another process (npm run kiosk).
  const getJson = async <T>(path: string): Promise<T> => (await simAdminFetch(`${simUrl}${path}`, {}, { dir })).json() as Promise<T>;
  return {
    dir,
    sim,
    persons,
    person,
    code: (c) => {
      const p = person(c);
      return issueVoucher({ key, iss: settings.issuerId, sub: p.sub, reg: p.reg, chn: 'wechat', nm: p.name, ...(p.actSub ? { actSub: p.actSub } : {}) });
    },
    balanceOf: async (c) => (await getJson<Array<{ psn_no: string; balanceFen: number }>>('/admin/accounts')).find((a) => a.psn_no === person(c).psn_no)?.balanceFen,
    bookings: () => getJson('/admin/bookings'),
    faultFired: (infno) => faultFired(simUrl, infno, { dir }),
    fault: async (body) => {
      const r = await simAdminFetch(`${simUrl}/admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, { dir });
      if (r.status !== 200) throw new Error(`fault: HTTP ${r.status}`);
    },
    useSimulatorAt: (url) => {
      simUrl = url.replace(/\/$/, '');
    },
    close: async () => {
      await sim?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The session secret the service wrote into its page (what the page sends with every API call). */
export async function sessionOf(baseUrl: string): Promise<string> {
  const html = await (await fetch(baseUrl)).text();
  const m = /<meta name="kiosk-session" content="([A-Za-z0-9_-]+)">/.exec(html);
  if (!m) throw new Error('the page carries no session');
  return m[1]!;
}

const sessions = new Map<string, string>();
/** Remembers the session of a kiosk at `baseUrl` (a server started in the test, or read from its page). */
export function useSession(baseUrl: string, session: string): void {
  sessions.set(new URL(baseUrl).origin, session);
}
const sessionFor = async (baseUrl: string): Promise<string> => {
  const origin = new URL(baseUrl).origin;
  const known = sessions.get(origin);
  if (known !== undefined) return known;
  const s = await sessionOf(baseUrl);
  sessions.set(origin, s);
  return s;
};

/** Reads `GET /api/events` (with the page's session) and keeps every view; `until` waits for one that matches. */
export async function viewReader(baseUrl: string) {
  const views: KioskView[] = [];
  const raw: string[] = [];
  const waiters = new Set<() => void>();
  const controller = new AbortController();
  const res = await fetch(new URL(`/api/events?session=${await sessionFor(baseUrl)}`, baseUrl), { signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
  const pump = (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          raw.push(block);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) views.push(JSON.parse(data.slice(6)) as KioskView);
          for (const w of [...waiters]) w();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const latest = () => views[views.length - 1];
  return {
    views,
    raw,
    latest,
    /** The first view from now on (the latest included) that matches. */
    until(pred: (v: KioskView) => boolean, what = 'a matching view', timeoutMs = 15_000): Promise<KioskView> {
      const now = latest();
      if (now && pred(now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; last view: ${JSON.stringify(latest())}`));
        }, timeoutMs);
        const check = () => {
          const v = latest();
          if (v && pred(v)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(v);
          }
        };
        waiters.add(check);
      });
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

/** POSTs JSON to the kiosk as its page does (its session, its Origin); returns status and parsed body. */
export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kiosk-Session': await sessionFor(baseUrl), Origin: new URL(baseUrl).origin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** An idle timer the test fires itself. */
export function manualTimer(): KioskTimer & { fire(): void; readonly armed: number } {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    set(fn) {
      pending.set(++next, fn);
      return next;
    },
    clear(h) {
      pending.delete(h as number);
    },
    fire() {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
    get armed() {
      return pending.size;
    },
  };
}

/**
 * A kiosk over the environment's simulator (till state in `DIR/<stateDir>`,
 * the demo basket, a manual idle timer), its server with a session, and a
 * view reader already on the idle screen. `close` undoes it all and clears
 * the simulator's faults.
 */
export async function openKiosk(env: SimEnv, o: { stateDir: string; logger?: Logger; server?: Partial<Omit<KioskServerOptions, 'kiosk'>> }) {
  const timer = manualTimer();
  const config = await terminalConfigFromEnv(env.dir, { url: env.sim.url, stateDir: join(env.dir, o.stateDir) });
  const logger = o.logger ? { logger: o.logger } : {};
  const kiosk = await Kiosk.open({ terminal: { ...config, gateway: { ...config.gateway, opterType: 2 }, ...logger }, basket: DEMO_BASKET, timer, ...logger });
  const server = await startKioskServer({ kiosk, assets: {}, ...logger, ...o.server });
  useSession(server.url, server.session);
  const views = await viewReader(server.url);
  await views.until((v) => v.screen === 'idle', 'idle');
  const close = async () => {
    await views.close();
    await server.close();
    await kiosk.close();
    await simAdminFetch(`${env.sim.url}/admin/faults`, { method: 'DELETE' }, { dir: env.dir });
  };
  return { kiosk, server, views, timer, close };
}
