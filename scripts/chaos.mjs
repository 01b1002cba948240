/**
 * The crash and fault harness in the shape of a pharmacy (`npm run chaos`;
 * a smaller run is in test/journal/chaos.test.ts). One simulator,
 * several tills of one pharmacy selling at once (separate processes,
 * scripts/chaos-terminal.mjs, against the built package), customer baskets
 * worked the way cashiers work them: a sale reported not paid is redone
 * with a fresh code, a customer may cancel, a cancel whose outcome was
 * unknown is retried. Tills are SIGKILLed at points drawn from the seed
 * (never from timer jitter) and gateway faults are injected; each killed
 * till restarts, recovers and carries on. The same seed gives the same run:
 * each till draws from its own stream of the seed (tills run at once, so one
 * shared stream would hand out draws in the order of their timing), and a
 * fault is for one till's terminal key (not for whichever till asks first). At the end every basket is
 * counted against the simulator's ledger: charged exactly once when the
 * cashier was last told paid, never when told not paid or cancelled.
 * Exits 1 when a basket is lost or doubled.
 *
 *     node scripts/chaos.mjs [--baskets 400] [--tills 4] [--seed 7] [--dist dist]
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const POINTS = ['before-intent-sync', 'after-intent', 'in-flight', 'after-answer', 'after-booked', 'before-shown', 'during-reversal'];
const FAULTS = ['delay', 'drop-after-commit', '5xx', 'close'];
/** The tills' gateway timeout (ms). */
const TIMEOUT_MS = 1500;
/** Persons with a personal account big enough for many small sales, and one all-cash resident. */
const PERSONS = ['employee', 'mutual-aid-owner', 'family-owner', 'unbound-payer', 'cross-region', 'resident'];

export async function runChaos(options = {}) {
  const total = options.baskets ?? 400;
  const tills = Math.min(options.tills ?? 4, 10);
  const dist = resolve(options.dist ?? process.env.YIBAO_DIST ?? 'dist');
  const log = options.log ?? ((s) => process.stdout.write(`${s}\n`));
  const seed = (options.seed ?? 7) >>> 0;
  /** A stream of draws in [0, 1) (an LCG); `stream(seed, k)` for till k is apart from the others. */
  const stream = (s0, k = 0) => {
    let s = (s0 ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0;
    for (let i = 0; i < 4; i++) s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  };
  const rand = stream(seed);
  const pick = (xs, r = rand) => xs[Math.floor(r() * xs.length)];

  const load = (p) => import(pathToFileURL(join(dist, p)).href);
  const { initEnvironment, simAdminFetch, startSimulator } = await load('sim/index.js');

  const work = await mkdtemp(join(tmpdir(), 'yibao-chaos-'));
  const dir = join(work, 'env');
  const { persons, settings } = await initEnvironment({ dir, tills });
  const kidOf = (t) => settings.tills.find((x) => x.till === t).kid;
  const sim = await startSimulator({ dir, port: 0 });
  const admin = async (method, path, body) => {
    const res = await simAdminFetch(`${sim.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  // The baskets, drawn from the seed: who pays, how much, whether they come back to cancel.
  const baskets = Array.from({ length: total }, (_, i) => ({
    id: `b${i}`,
    till: 1 + (i % tills),
    person: pick(PERSONS),
    amountFen: 1 + Math.floor(rand() * 40),
    wantsCancel: rand() < 0.2,
    state: { told: 'none', tries: 0, cancelTries: 0, setlId: null, mdtrtId: null, totalFen: null },
  }));
  const byId = new Map(baskets.map((b) => [b.id, b]));
  const saleMsgids = new Map(); // msgid -> basket id
  const counts = { kills: 0, faults: 0, lives: 0, recovered: 0, cancelPending: 0, cancelKept: 0 };
  let faultBusy = Promise.resolve();

  /** One life of a till process; resolves when it exits (killed or done). */
  function life(t, work_, kill, r) {
    return new Promise((resolveLife, reject) => {
      const env = {
        ...process.env,
        YIBAO_DIST: dist,
        CHAOS_DIR: dir,
        CHAOS_URL: sim.url,
        CHAOS_JOURNAL: join(work, `till-${t}.db`),
        CHAOS_TILL: String(t),
        CHAOS_BASKETS: JSON.stringify(work_.map((b) => ({ id: b.id, person: b.person, amountFen: b.amountFen, wantsCancel: b.wantsCancel, state: b.state }))),
        CHAOS_SEED: String(Math.floor(r() * 2 ** 31)),
        // Far above a loaded machine's answer time, so only an injected delay times a request out.
        CHAOS_TIMEOUT_MS: String(TIMEOUT_MS),
        ...(kill ? { CHAOS_KILL_AT: kill.point, CHAOS_KILL_NTH: String(kill.nth) } : {}),
      };
      const child = spawn(process.execPath, [join(here, 'chaos-terminal.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      counts.lives++;
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      createInterface({ input: child.stdout }).on('line', (line) => {
        let ev;
        try {
          ev = JSON.parse(line);
        } catch {
          return;
        }
        if (ev.basket && ev.state && byId.has(ev.basket)) byId.get(ev.basket).state = ev.state;
        if (ev.ev === 'try' && ev.kind === 'sale') saleMsgids.set(ev.msgid, ev.basket);
        if (ev.ev === 'recovered') {
          counts.recovered++;
          // What recovery reports is what the cashier is told, also of a basket closed earlier.
          const id = ev.basket ?? ev.basketRef ?? baskets.find((x) => x.state.setlId !== null && x.state.setlId === ev.setlId)?.id;
          const b = id ? byId.get(id) : undefined;
          if (b && ev.outcome === 'paid') Object.assign(b.state, { told: 'paid', setlId: ev.setlId, mdtrtId: ev.mdtrtId, totalFen: ev.totalFen });
          else if (b && ev.outcome === 'cancelled') b.state.told = 'cancelled';
        }
        if (ev.ev === 'cancel-pending') counts.cancelPending++;
        // Also of a basket this life was not given: the kept cancel is what the cashier is told.
        if (ev.ev === 'cancel-kept') {
          counts.cancelKept++;
          const b = ev.basket ? byId.get(ev.basket) : baskets.find((x) => x.state.setlId !== null && x.state.setlId === ev.setlId);
          if (b) b.state.told = 'cancelled';
        }
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') {
          counts.kills++;
          resolveLife();
        } else if (code === 0) resolveLife();
        else reject(new Error(`till ${t} exited ${code}: ${stderr.slice(-2000)}`));
      });
    });
  }

  async function injectFault(t, r) {
    const kind = pick(FAULTS, r);
    const infno = r() < 0.7 ? '2102' : pick(['2103', '2601', '5203'], r);
    // A delay well past the client's timeout: the request is voided first (the reversal arrives before it books late).
    const body = { infno, kind, times: 1, kid: kidOf(t), ...(kind === 'delay' ? { delayMs: TIMEOUT_MS + 700 + Math.floor(r() * 300) } : {}) };
    faultBusy = faultBusy.then(() => admin('POST', '/admin/faults', body));
    await faultBusy;
    counts.faults++;
  }

  const settled = (b) => ['paid', 'cancelled', 'refused'].includes(b.state.told) && !(b.state.told === 'paid' && b.wantsCancel && b.state.cancelTries < 3);
  const open = (b) => !settled(b) && (b.state.tries < 3 || b.state.told === 'paid');

  async function till(t) {
    const mine = baskets.filter((b) => b.till === t);
    const r = stream(seed, t);
    for (let guard = 0; guard < 10 * mine.length + 10; guard++) {
      const todo = mine.filter(open).slice(0, 1 + Math.floor(r() * 6));
      if (todo.length === 0) return;
      const kill = r() < 0.5 ? { point: pick(POINTS, r), nth: 1 + Math.floor(r() * 3) } : undefined;
      if (kill?.point === 'during-reversal' || r() < 0.35) await injectFault(t, r);
      await life(t, todo, kill, r);
    }
    throw new Error(`till ${t} did not finish its baskets`);
  }

  const started = Date.now();
  await Promise.all(Array.from({ length: tills }, (_, i) => till(i + 1)));

  // The gateway is healthy again: every till recovers and drains its reversals.
  await admin('DELETE', '/admin/faults');
  for (let t = 1; t <= tills; t++) await life(t, [], undefined, stream(seed, 100 + t));

  // Count every basket against the simulator's ledger.
  const bookings = await admin('GET', '/admin/bookings');
  const accounts = await admin('GET', '/admin/accounts');
  const sales = bookings.filter((b) => b.infno === '2102');
  let lost = 0;
  let doubled = 0;
  const problems = [];
  const told = {};
  for (const b of baskets) {
    const mine = sales.filter((s) => saleMsgids.get(s.msgid) === b.id);
    const active = mine.filter((s) => s.state === 'booked').length;
    const cancelled = mine.filter((s) => s.state === 'cancelled').length;
    const last = b.state.told;
    told[last] = (told[last] ?? 0) + 1;
    if (last === 'paid') {
      if (active === 0) {
        lost++;
        problems.push(`basket ${b.id} told paid, not charged (${cancelled} cancelled)`);
      } else if (active + cancelled > 1) {
        doubled++;
        problems.push(`basket ${b.id} told paid, charged ${active} + cancelled ${cancelled}`);
      }
    } else if (last === 'cancelled') {
      if (active > 0 || cancelled > 1) {
        doubled++;
        problems.push(`basket ${b.id} told cancelled, still charged ${active} (cancelled ${cancelled})`);
      } else if (cancelled === 0) {
        lost++;
        problems.push(`basket ${b.id} told cancelled, no cancelled sale at the gateway`);
      }
    } else if (active + cancelled > 0) {
      doubled++;
      problems.push(`basket ${b.id} told ${last}, charged ${active} (cancelled ${cancelled})`);
    }
  }
  // No booking that no cashier tried, and the same msgid of two tills never merged.
  for (const s of sales) if (!saleMsgids.has(s.msgid)) problems.push(`gateway sale no till tried: ${s.msgid}`);
  // Balances: initial minus what the baskets told paid cost each account, to the fen.
  const spent = new Map();
  for (const s of sales) if (s.state === 'booked') spent.set(s.psn_no, (spent.get(s.psn_no) ?? 0) + s.acctPayFen);
  let balanceDiffs = 0;
  for (const a of accounts) {
    const p = persons.find((x) => x.psn_no === a.psn_no);
    if (!p || !p.account) continue;
    const expected = p.balanceFen - (spent.get(a.psn_no) ?? 0);
    if (expected !== a.balanceFen) {
      balanceDiffs++;
      problems.push(`balance of ${a.psn_no}: gateway ${a.balanceFen}, sales booked say ${expected}`);
    }
  }
  const { SettlementJournal } = await load('index.js');
  let pending = 0;
  let reversed = 0;
  for (let t = 1; t <= tills; t++) {
    const j = await SettlementJournal.open(join(work, `till-${t}.db`));
    pending += j.pending().length;
    reversed += j.list({ state: 'reversed' }).filter((e) => e.infno !== '2601').length;
    await j.close();
  }
  await sim.close();
  if (!options.keep) await rm(work, { recursive: true, force: true });
  const saleRetries = baskets.reduce((n, b) => n + Math.max(0, b.state.tries - 1), 0);
  const cancelRetries = baskets.reduce((n, b) => n + Math.max(0, b.state.cancelTries - 1), 0) + counts.cancelPending;
  const result = {
    baskets: total,
    tills,
    kills: counts.kills,
    faults: counts.faults,
    retries: saleRetries + cancelRetries,
    saleRetries,
    cancelRetries,
    tries: baskets.reduce((n, b) => n + b.state.tries, 0),
    told,
    booked: sales.filter((s) => s.state === 'booked').length,
    cancelled: sales.filter((s) => s.state === 'cancelled').length,
    reversed,
    recovered: counts.recovered,
    cancelKept: counts.cancelKept,
    lost,
    doubled,
    balanceDiffs,
    pending,
    lives: counts.lives,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    problems,
  };
  log(
    `baskets ${total}, tills ${tills}, kills ${result.kills}, faults ${result.faults}, retries ${result.retries} ` +
      `(sales ${saleRetries}, cancels ${cancelRetries}), lost ${lost}, doubled ${doubled}, balance differences ${balanceDiffs}, pending reversals ${pending}; ` +
      `told ${Object.entries(told).map(([k, n]) => `${k} ${n}`).join(', ')}; gateway sales booked ${result.booked}, cancelled ${result.cancelled}; ` +
      `journal reversed ${reversed}; recovered ${result.recovered}, cancels kept ${counts.cancelKept} (${result.lives} till lives, ${result.seconds} s)`,
  );
  for (const p of problems.slice(0, 20)) log(`  ${p}`);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const r = await runChaos({
    baskets: Number(arg('baskets', '400')),
    tills: Number(arg('tills', '4')),
    seed: Number(arg('seed', String(Date.now() % 100000))),
    dist: arg('dist', undefined),
  });
  process.exitCode = r.lost > 0 || r.doubled > 0 || r.balanceDiffs > 0 || r.pending > 0 || r.problems.length > 0 ? 1 : 0;
}
