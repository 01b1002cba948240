/**
 * The crash and fault harness of the settlement journal (`npm run chaos`;
 * a smaller run is in test/gateway/journal/chaos.test.ts). It starts the
 * simulator, runs sales from separate terminal processes
 * (scripts/chaos-terminal.mjs, against the built package), SIGKILLs them at
 * named points and at random moments, injects gateway faults, restarts them
 * (recover() first), and finally compares the simulator's ledger with what
 * every journal believes. Exits 1 when a sale is lost or doubled.
 *
 *     node scripts/chaos.mjs [--sales 1000] [--terminals 4] [--seed 7] [--dist dist]
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const POINTS = ['before-intent-sync', 'after-intent', 'in-flight', 'after-answer', 'during-reversal'];
const FAULTS = ['delay', 'drop-after-commit', '5xx', 'close'];
/** Persons with a personal account big enough for many small sales, and one all-cash resident. */
const PERSONS = ['employee', 'mutual-aid-owner', 'family-owner', 'unbound-payer', 'cross-region', 'resident'];

export async function runChaos(options = {}) {
  const sales = options.sales ?? 1000;
  const terminals = Math.min(options.terminals ?? 4, 10);
  const dist = resolve(options.dist ?? process.env.YIBAO_DIST ?? 'dist');
  const log = options.log ?? ((s) => process.stdout.write(`${s}\n`));
  let seed = (options.seed ?? 7) >>> 0;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];

  const load = (p) => import(pathToFileURL(join(dist, p)).href);
  const { initEnvironment, startSimulator } = await load('sim/index.js');
  const { SettlementJournal } = await load('index.js');

  const work = await mkdtemp(join(tmpdir(), 'yibao-chaos-'));
  const dir = join(work, 'env');
  const { persons } = await initEnvironment({ dir });
  const sim = await startSimulator({ dir, port: 0 });
  const admin = async (method, path, body) => {
    const res = await fetch(`${sim.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  const counts = { tried: 0, crashes: 0, faults: 0, lives: 0 };
  const tried = new Map(); // msgid -> { jti, psnNo, totalFen, terminal }
  const refusals = new Map(); // refusal code -> count (the cashier was told why)
  let faultBusy = Promise.resolve();

  /** One life of a terminal process; resolves with how it ended. */
  function life(t, n, kill) {
    return new Promise((resolveLife, reject) => {
      const env = {
        ...process.env,
        YIBAO_DIST: dist,
        CHAOS_DIR: dir,
        CHAOS_URL: sim.url,
        CHAOS_JOURNAL: join(work, `terminal-${t}.db`),
        CHAOS_SALES: String(n),
        CHAOS_TERMINAL: String(t),
        CHAOS_PERSONS: PERSONS.join(','),
        CHAOS_SEED: String(Math.floor(rand() * 2 ** 31)),
        CHAOS_TIMEOUT_MS: '300',
        ...(kill?.point ? { YIBAO_CHAOS_KILL_AT: kill.point, YIBAO_CHAOS_KILL_SALE: String(kill.sale) } : {}),
      };
      const child = spawn(process.execPath, [join(here, 'chaos-terminal.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      counts.lives++;
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const lines = createInterface({ input: child.stdout });
      let sent = 0;
      let triedHere = 0;
      lines.on('line', (line) => {
        let ev;
        try {
          ev = JSON.parse(line);
        } catch {
          return;
        }
        if (ev.ev === 'sale' && ev.result === 'refused') refusals.set(ev.code, (refusals.get(ev.code) ?? 0) + 1);
        if (ev.ev === 'try') {
          counts.tried++;
          triedHere++;
          tried.set(ev.msgid, { jti: ev.jti, psnNo: ev.psnNo, totalFen: ev.totalFen, terminal: t });
        }
        // A random outside kill: after the k-th request left, a few ms later (the request may be in flight).
        if (kill?.random && ev.ev === 'at' && ev.point === 'in-flight' && ++sent === kill.sale) {
          setTimeout(() => child.kill('SIGKILL'), Math.floor(rand() * kill.afterMs));
        }
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') {
          counts.crashes++;
          resolveLife(triedHere);
        } else if (code === 0) resolveLife(triedHere);
        else reject(new Error(`terminal ${t} exited ${code}: ${stderr.slice(-2000)}`));
      });
    });
  }

  async function injectFault() {
    const kind = pick(FAULTS);
    const infno = rand() < 0.8 ? '2102' : pick(['2601', '5203']);
    // A delay past the client's 300 ms timeout: the request books late (or is voided first).
    const body = { infno, kind, times: 1, ...(kind === 'delay' ? { delayMs: 350 + Math.floor(rand() * 300) } : {}) };
    faultBusy = faultBusy.then(() => admin('POST', '/admin/faults', body));
    await faultBusy;
    counts.faults++;
  }

  async function terminal(t, quota) {
    let left = quota;
    while (left > 0) {
      const n = Math.min(left, 1 + Math.floor(rand() * 6));
      const r = rand();
      let kill;
      if (r < 0.45) kill = { point: pick(POINTS), sale: 1 + Math.floor(rand() * n) };
      else if (r < 0.6) kill = { random: true, sale: 1 + Math.floor(rand() * n), afterMs: 40 };
      if (kill?.point === 'during-reversal' || rand() < 0.35) await injectFault();
      if (kill?.random && rand() < 0.5) await admin('POST', '/admin/faults', { infno: '2102', kind: 'delay', delayMs: 60, times: 1 }).then(() => counts.faults++);
      left -= await life(t, n, kill);
    }
  }

  const started = Date.now();
  const per = Math.ceil(sales / terminals);
  await Promise.all(Array.from({ length: terminals }, (_, t) => terminal(t, per)));

  // The gateway is healthy again: every terminal recovers and drains its reversals.
  await admin('DELETE', '/admin/faults');
  for (let t = 0; t < terminals; t++) await life(t, 0, undefined);

  // Compare the simulator's ledger with every journal.
  const bookings = await admin('GET', '/admin/bookings');
  const accounts = await admin('GET', '/admin/accounts');
  const entries = new Map();
  let pending = 0;
  for (let t = 0; t < terminals; t++) {
    const j = await SettlementJournal.open(join(work, `terminal-${t}.db`));
    for (const e of j.list()) entries.set(e.msgid, e);
    pending += j.pending().length;
    await j.close();
  }
  const gatewayBooked = new Map();
  for (const b of bookings) if (b.infno === '2102' && b.state === 'booked') gatewayBooked.set(b.msgid, b);
  let lost = 0;
  let doubled = 0;
  let booked = 0;
  let reversed = 0;
  let refused = 0;
  let neverSent = 0;
  const problems = [];
  for (const [msgid, sale] of tried) {
    const e = entries.get(msgid);
    const gw = gatewayBooked.get(msgid);
    if (!e) {
      // Killed before the intent was synced: must not exist at the gateway either.
      if (gw) {
        lost++;
        problems.push(`booked at the gateway, absent from the journal: ${msgid}`);
      } else neverSent++;
      continue;
    }
    if (e.state === 'booked') booked++;
    else if (e.state === 'reversed') reversed++;
    else if (e.state === 'refused') refused++;
    if (e.state === 'booked' && !gw) {
      lost++;
      problems.push(`journal booked, gateway not: ${msgid}`);
    }
    if (e.state !== 'booked' && gw) {
      lost++;
      problems.push(`gateway booked, journal ${e.state}: ${msgid} (${sale.totalFen} fen)`);
    }
  }
  // Doubled: one sale (voucher jti) booked more than once, or a booking the terminals never tried.
  const byJti = new Map();
  for (const [msgid, b] of gatewayBooked) {
    const sale = tried.get(msgid);
    if (!sale) {
      doubled++;
      problems.push(`gateway booking no terminal tried: ${msgid}`);
      continue;
    }
    byJti.set(sale.jti, (byJti.get(sale.jti) ?? 0) + 1);
    if (b.totalFen !== sale.totalFen) problems.push(`amount differs for ${msgid}: ${b.totalFen} vs ${sale.totalFen}`);
  }
  for (const c of byJti.values()) if (c > 1) doubled += c - 1;
  // Balances: initial minus what the journals believe was booked from each account, to the fen.
  const spent = new Map();
  for (const e of entries.values()) {
    if (e.infno !== '2102' || e.state !== 'booked') continue;
    spent.set(e.psnNo, (spent.get(e.psnNo) ?? 0) + (e.answer?.acctPayFen ?? 0));
  }
  let balanceDiffs = 0;
  for (const a of accounts) {
    const p = persons.find((x) => x.psn_no === a.psn_no);
    if (!p || !p.account) continue;
    const expected = p.balanceFen - (spent.get(a.psn_no) ?? 0);
    if (expected !== a.balanceFen) {
      balanceDiffs++;
      problems.push(`balance of ${a.psn_no}: gateway ${a.balanceFen}, journals expect ${expected}`);
    }
  }
  await sim.close();
  if (!options.keep) await rm(work, { recursive: true, force: true });
  const result = {
    tried: counts.tried,
    crashes: counts.crashes,
    faults: counts.faults,
    booked,
    reversed,
    refused,
    neverSent,
    lost,
    doubled,
    balanceDiffs,
    pending,
    refusals: Object.fromEntries(refusals),
    lives: counts.lives,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    problems,
  };
  log(
    `sales tried ${result.tried}, crashes ${result.crashes}, faults ${result.faults}, booked ${booked}, reversed ${reversed}, ` +
      `refused ${refused}, never sent ${neverSent}, lost ${lost}, doubled ${doubled}, balance differences ${balanceDiffs}, pending reversals ${pending} ` +
      `(${result.lives} terminal lives, ${result.seconds} s)`,
  );
  if (refusals.size > 0) log(`  refusals: ${[...refusals].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const p of problems.slice(0, 20)) log(`  ${p}`);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const r = await runChaos({
    sales: Number(arg('sales', '1000')),
    terminals: Number(arg('terminals', '4')),
    seed: Number(arg('seed', String(Date.now() % 100000))),
    dist: arg('dist', undefined),
  });
  process.exitCode = r.lost > 0 || r.doubled > 0 || r.balanceDiffs > 0 || r.pending > 0 ? 1 : 0;
}
