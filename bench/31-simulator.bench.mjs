// The simulator under load: settlements per second through the SDK's
// GatewayClient + the simulator on loopback with 1, 16 and 128 concurrent
// terminals, checking that no call failed and no booking was lost or doubled.
// Baseline, same run and concurrency: a bare fetch of a same-size body to
// /trans that the simulator refuses with 401 (HTTP + body read, no work).
// YIBAO_DIST=.build/NAME points it at a private build (default dist/).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CompactSign, importJWK } from 'jose';
import { fmt, summarize } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.YIBAO_DIST ?? join(here, '..', 'dist'));
const load = (p) => import(pathToFileURL(join(dist, p)).href);

async function issuer(dir) {
  const jwk = JSON.parse(await readFile(join(dir, 'keys', 'issuer.private.jwk'), 'utf8'));
  const settings = JSON.parse(await readFile(join(dir, 'env.json'), 'utf8'));
  const { kid, alg: _a, ...k } = jwk;
  // Low-s, as issuers sign (terminals refuse the high-s twin).
  const { canonicalSignature: canonical } = await load('sim/index.js');
  const key = await importJWK(k, 'ES256');
  let n = 0;
  return async (sub, reg) => {
    const iat = Math.floor(Date.now() / 1000);
    const jti = `bench-${process.pid}-${++n}-0123456789abcdef`;
    const claims = { iss: settings.issuerId, sub, iat, exp: iat + 60, jti, use: 'pay', reg, chn: 'nhsa-app' };
    const jws = canonical(await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', kid, typ: 'ybv+jwt' }).sign(key));
    return { text: `YBV1:${jws}`, jti };
  };
}

async function pool(jobs, concurrency, fn) {
  let next = 0;
  const lat = [];
  let errors = 0;
  const worker = async (w) => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t = performance.now();
      try {
        await fn(job, w);
      } catch {
        errors++;
      }
      lat.push(performance.now() - t);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { seconds: (performance.now() - start) / 1000, lat, errors };
}

export async function run() {
  const { initEnvironment, simAdminFetch, startSimulator } = await load('sim/index.js');
  const { GatewayClient, MemorySequenceStore } = await load('gateway/index.js');
  const { sealPinBlock } = await load('pin/index.js');
  const dir = await mkdtemp(join(tmpdir(), 'yibao-bench-sim-'));
  const { persons, settings } = await initEnvironment({ dir });
  const sim = await startSimulator({ dir });
  const terminalKey = JSON.parse(await readFile(join(dir, 'keys', 'terminal.private.jwk'), 'utf8'));
  const pinKey = JSON.parse(await readFile(join(dir, 'keys', 'pin.public.jwk'), 'utf8'));
  const draw = await issuer(dir);
  const payers = persons.filter((p) => ['employee', 'cross-region', 'unbound-payer', 'family-owner', 'mutual-aid-owner', 'pin-lock'].includes(p.case));
  // One pharmacy: its terminals share the msgid space, so they share one sequence store.
  const sequence = new MemorySequenceStore();
  const accounts = async () => new Map((await (await simAdminFetch(`${sim.url}/admin/accounts`)).json()).map((a) => [a.psn_no, a.balanceFen]));
  const bookings = async () => (await (await simAdminFetch(`${sim.url}/admin/bookings`)).json()).filter((b) => b.infno === '2102');

  console.log('terminals | settlements | settle/s | p50 ms | p99 ms | bare 401 fetch/s | ratio | errors | lost | doubled');
  for (const [concurrency, count] of [[1, 150], [16, 480], [128, 1024]]) {
    const clients = Array.from({ length: concurrency }, (_, i) =>
      new GatewayClient({ url: sim.url, terminalKey, fixmedinsCode: settings.fixmedinsCode, fixmedinsName: settings.fixmedinsName, mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs, devNo: `POS-${i}`, sequence, timeoutMs: 30_000 }),
    );
    await Promise.all(clients.map((c) => c.signIn()));
    // Vouchers and PIN blocks are made before timing: they are the wallet's and the PIN pad's work.
    const jobs = [];
    for (let i = 0; i < count; i++) {
      const p = payers[i % payers.length];
      const totalFen = 2 * (1 + (i % 20));
      const msgid = clients[0].newMsgid();
      const v = await draw(p.sub, p.reg);
      const pinBlock = await sealPinBlock(p.pin, { jti: v.jti, msgid, amountFen: totalFen, pinKey });
      jobs.push({ msgid, req: { voucherText: v.text, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items: [{ code: 'XA01AAA001', qty: 2, priceFen: totalFen / 2 }], totalFen, pinBlock } });
    }
    const before = await accounts();
    const bookedBefore = (await bookings()).length;
    const ok = new Set();
    const res = await pool(jobs, concurrency, async (job, w) => {
      await clients[w].settle(job.req, { msgid: job.msgid });
      ok.add(job.msgid);
    });
    const after = await accounts();
    const all = await bookings();
    const mine = all.slice(bookedBefore);
    const byMsgid = new Map();
    for (const b of mine) byMsgid.set(b.msgid, (byMsgid.get(b.msgid) ?? 0) + 1);
    const lost = [...ok].filter((m) => !byMsgid.has(m)).length;
    const doubled = [...byMsgid.values()].filter((n) => n > 1).length + (mine.length - ok.size > 0 ? mine.length - ok.size : 0);
    const debited = mine.reduce((s, b) => s + b.acctPayFen + b.acctMulaidPayFen, 0);
    const drop = [...before].reduce((s, [psn, b]) => s + b - after.get(psn), 0);
    if (drop !== debited) console.log(`  MISMATCH: balances dropped ${drop} fen, bookings debit ${debited} fen`);

    const body = JSON.stringify({ pad: 'x'.repeat(JSON.stringify(jobs[0].req).length) });
    const bare = await pool(Array.from({ length: count }, () => 0), concurrency, async () => {
      const r = await fetch(`${sim.url}/trans`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
      await r.arrayBuffer();
    });
    const s = summarize(res.lat);
    const rate = count / res.seconds;
    const bareRate = count / bare.seconds;
    console.log(
      `${String(concurrency).padStart(9)} | ${String(count).padStart(11)} | ${fmt(rate).padStart(8)} | ${fmt(s.median, 2).padStart(6)} | ${fmt(s.p99, 2).padStart(6)} | ${fmt(bareRate).padStart(16)} | ${fmt(rate / bareRate, 3).padStart(5)} | ${String(res.errors).padStart(6)} | ${String(lost).padStart(4)} | ${String(doubled).padStart(7)}`,
    );
    await Promise.all(clients.map((c) => c.close()));
  }
  await sim.close();
}
