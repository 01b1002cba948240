// Back office ingest: signed pushes (one booked settlement each, then ten
// each) from 1,000 simulated tills of 100 pharmacies, over HTTP, for a fixed
// time, into embedded PGlite and (when YIBAO_PG_URL is set) a PostgreSQL
// server. Figures in requests/s and settlements/s.
// Baseline in the same run and database engine: bare single-row autocommit
// inserts from the same number of callers over the same connections.
// Also: bytes per million settlements, and the SQL side of reconciling one
// pharmacy-day and the chain-day (the gateway round trips left out).
// YIBAO_BENCH_SECONDS sets the time per measure (default 5); YIBAO_BENCH_ENGINE=pglite|server runs one engine.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportJWK, generateKeyPair } from 'jose';
import { Agent, request } from 'undici';
import { fmt, summarize } from './stats.mjs';

const dist = resolve(process.env.YIBAO_DIST ?? new URL('../dist', import.meta.url).pathname);
const SECONDS = Number(process.env.YIBAO_BENCH_SECONDS ?? 5);
const PHARMACIES = 100;
const PER = 10;
const TILLS = PHARMACIES * PER;
const code = (p) => `P4201${String(p).padStart(7, '0')}`;

async function makeChain(dir) {
  const tills = [];
  mkdirSync(join(dir, 'keys'), { recursive: true });
  for (let p = 1; p <= PHARMACIES; p++) {
    for (let i = 1; i <= PER; i++) {
      const till = (p - 1) * PER + i;
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const kid = `term-${code(p)}-${till}`;
      const priv = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
      writeFileSync(join(dir, 'keys', `${till === 1 ? 'terminal' : `terminal-${till}`}.public.jwk`), JSON.stringify({ ...(await exportJWK(publicKey)), kid }));
      tills.push({ till, kid, devNo: `POS-${till}`, pharmacy: code(p), key: priv });
    }
  }
  const pharmacies = Array.from({ length: PHARMACIES }, (_, i) => ({ fixmedinsCode: code(i + 1), fixmedinsName: `药店${i + 1}`, mdtrtAreaAdmvs: '420100' }));
  writeFileSync(join(dir, 'env.json'), JSON.stringify({
    rootId: 'r', issuerId: 'i', fixmedinsCode: code(1), fixmedinsName: '药店1', mdtrtAreaAdmvs: '420100', devNo: 'POS-1', terminalKid: tills[0].kid,
    tills: tills.map(({ till, kid, devNo, pharmacy }) => ({ till, kid, devNo, pharmacy })), pharmacies,
  }));
  return tills;
}

// Bodies are signed before the clock starts (the tills' signing is the tills' cost, not the back
// office's, and here it would share the back office's process and cores); a till that runs out
// signs on the timed path, and the row says how many did.
function bodyOf(t, s, per, day) {
  const entries = [];
  for (let k = 0; k < per; k++) {
    const n = s * per + k;
    const msgid = `${t.pharmacy}${day}${String(100000 + Math.floor(n / 100)).slice(-6)}${String(((t.till - 1) % PER) * 100 + (n % 100)).padStart(4, '0')}`;
    entries.push({ msgid, infno: '2102', state: 'booked', psnNo: 'P0001', insutype: n % 3 ? '310' : '390', clrType: '41', setlOptins: '420100', amountFen: 2680, totalFen: 2680, fundPayFen: 1000, acctPayFen: 1680, cashFen: 0, setlId: `S${t.till}-${n}`, mdtrtId: `M${t.till}-${n}`, cancelsSetlId: null, bookedAt: Date.now(), createdAt: Date.now() });
  }
  return Buffer.from(JSON.stringify({
    v: 1, pharmacy: t.pharmacy, till: t.till, nonce: `${t.till}-${per}-${s}-${Math.random()}`, sentAt: Date.now(),
    entries, uploads: [], status: { pendingReversals: [], pendingUploads: 0, unpushed: 0 },
  }));
}

async function ingest(bo, tills, signBody, PUSH_PATH, { seconds = SECONDS, per = 1, presign = 0, from = 0 } = {}) {
  const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10).replaceAll('-', '');
  const ready = new Map();
  for (const t of tills) {
    const list = [];
    for (let s = from; s < from + presign; s++) {
      const body = bodyOf(t, s, per, day);
      list.push({ body, sig: await signBody(body, t.key) });
    }
    ready.set(t.till, list);
  }
  // 1,000 tills share 64 keep-alive sockets (as behind a proxy): 1,000 sockets at once overflow the listen backlog here.
  const dispatcher = new Agent({ connections: 64 });
  const latencies = [];
  let bytes = 0;
  let n = 0;
  let inline = 0;
  const stopAt = performance.now() + seconds * 1000;
  const worker = async (t) => {
    const list = ready.get(t.till);
    let s = from + presign;
    do {
      let next = list.shift();
      if (!next) {
        const body = bodyOf(t, s++, per, day);
        next = { body, sig: await signBody(body, t.key) };
        inline++;
      }
      const start = performance.now();
      // undici's request, not fetch: the simulated tills' HTTP client shares the back office's process and cores.
      const r = await request(`${bo.url}${PUSH_PATH}`, { method: 'POST', headers: { 'x-yb-signature': next.sig }, body: next.body, dispatcher });
      await r.body.arrayBuffer();
      if (r.statusCode !== 200) throw new Error(`push HTTP ${r.statusCode}`);
      latencies.push(performance.now() - start);
      bytes += next.body.length;
      n++;
    } while (performance.now() < stopAt);
  };
  const loadBefore = loadavg()[0];
  const began = performance.now();
  await Promise.all(tills.map(worker));
  const rate = n / ((performance.now() - began) / 1000);
  await dispatcher.close();
  return { rate, n, per, inline, load: Math.max(loadBefore, loadavg()[0]), ...summarize(latencies) };
}

async function baseline(sql) {
  await sql.exec('DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor (id bigserial PRIMARY KEY, v text)');
  let n = 0;
  const stopAt = performance.now() + SECONDS * 1000;
  const began = performance.now();
  await Promise.all(Array.from({ length: TILLS }, async () => {
    while (performance.now() < stopAt) {
      await sql.query('INSERT INTO bench_floor (v) VALUES ($1)', ['x']);
      n++;
    }
  }));
  return n / ((performance.now() - began) / 1000);
}

async function one(name, target) {
  const { startBackoffice } = await import(pathToFileURL(resolve(dist, 'backoffice/index.js')).href);
  const { openDatabase, groupTotals, dayEntries, signBody, PUSH_PATH } = await import(pathToFileURL(resolve(dist, 'backoffice/internals.js')).href);
  const dir = mkdtempSync(join(tmpdir(), 'bench-bo-'));
  try {
    const tills = await makeChain(dir);
    const sql = await openDatabase(target);
    const bo = await startBackoffice({ dir, sql });
    const floorBefore = await baseline(sql);
    // Warm-up: every till's first push (its key imported, the day's partitions made) is not measured.
    await ingest(bo, tills, signBody, PUSH_PATH, { seconds: 0.001, presign: 1, from: 0 });
    // One settlement per push (a till pushing each sale as it ends), then ten (a till catching up).
    // Enough signed bodies for 5,000 requests/s of single-settlement pushes and 2,000/s of ten.
    const runs = [
      await ingest(bo, tills, signBody, PUSH_PATH, { per: 1, presign: Math.ceil(SECONDS * 5), from: 1 }),
      await ingest(bo, tills, signBody, PUSH_PATH, { per: 10, presign: Math.ceil(SECONDS * 2), from: 1000 }),
    ];
    // The baseline again after: on a shared machine the load moves; the ratio is against the mean of both.
    const floorAfter = await baseline(sql);
    const floor = (floorBefore + floorAfter) / 2;
    const [{ rows: count }] = await sql.query("SELECT count(*) AS rows FROM entries");
    const [{ size }] = await sql.query("SELECT sum(pg_total_relation_size(inhrelid)) AS size FROM pg_inherits WHERE inhparent = 'entries'::regclass");
    const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    let t = performance.now();
    await groupTotals(sql, code(1), day);
    await dayEntries(sql, code(1), day);
    const pharmacyMs = performance.now() - t;
    t = performance.now();
    for (let p = 1; p <= PHARMACIES; p++) {
      await groupTotals(sql, code(p), day);
      await dayEntries(sql, code(p), day);
    }
    const chainMs = performance.now() - t;
    for (const r of runs) {
      console.log(`| ${name} | ${r.per} | ${fmt(r.rate)} requests/s, ${fmt(r.rate * r.per)} settlements/s (${fmt(r.n)} pushes in ${SECONDS} s, ${TILLS} tills${r.inline ? `, ${fmt(r.inline)} signed on the timed path` : ''}) | p50 ${fmt(r.median, 1)} ms, p99 ${fmt(r.p99, 1)} ms | ${fmt(floorBefore)}/s and ${fmt(floorAfter)}/s → settlements ${fmt((r.rate * r.per / floor) * 100)} %, requests ${fmt((r.rate / floor) * 100)} % | ${fmt(r.load, 1)} |`);
    }
    console.log(`| ${name} | storage ${fmt((Number(size) / Number(count)) * 1e6 / 2 ** 20)} MiB per million settlements (${fmt(Number(count))} rows) | reconcile SQL: pharmacy-day ${fmt(pharmacyMs, 1)} ms, chain-day (${PHARMACIES} pharmacies) ${fmt(chainMs)} ms |||||`);
    await bo.close();
    await sql.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  console.log('| engine | settlements per push | ingest | latency (closed loop: 1,000 tills waiting) | baseline bare inserts → ratio | load average |\n|---|---|---|---|---|---|');
  // YIBAO_BENCH_ENGINE=pglite or server: one engine only (profiling one of them).
  const only = process.env.YIBAO_BENCH_ENGINE;
  if (only !== 'server') await one('PGlite (embedded)', { memory: true });
  if (only === 'pglite') return;
  if (process.env.YIBAO_PG_URL) await one('PostgreSQL server', { url: process.env.YIBAO_PG_URL, pool: 10 });
  else console.log('(YIBAO_PG_URL not set: the server row is left out)');
}
