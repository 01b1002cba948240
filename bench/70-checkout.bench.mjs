// Time the SDK itself spends in one sale: from the voucher's `scan` event to
// the receipt, minus the time spent waiting on the gateway (measured at the
// Gateway interface, so the client's own envelope/signing work counts as
// gateway time here; 30-gateway measures that apart). Baseline, same run: the
// floor of the work a sale must do anyway — one voucher signature check, one
// PIN block seal and one fsync'd SQLite insert — done bare. The sale itself
// syncs once: the intent and the voucher code it uses up, in one commit.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { createRequire } from 'node:module';
import * as jose from 'jose';
import { summarize, fmt } from './stats.mjs';

const dist = resolve(process.env.YIBAO_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const require = createRequire(import.meta.url);

export async function run() {
  const yb = await load('index.js');
  const sim = await load('sim/index.js');
  const dir = await mkdtemp(join(tmpdir(), 'yibao-bench-checkout-'));
  const { persons, settings } = await sim.initEnvironment({ dir });
  const server = await sim.startSimulator({ dir, port: 0 });
  const employee = persons.find((p) => p.case === 'employee');
  const issuerKey = await sim.readEnvKey(dir, 'issuer', 'private');
  const client = new yb.GatewayClient({
    url: server.url,
    terminalKey: await sim.readEnvKey(dir, 'terminal', 'private'),
    fixmedinsCode: settings.fixmedinsCode,
    fixmedinsName: settings.fixmedinsName,
    mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs,
    devNo: settings.devNo,
  });
  let gatewayMs = 0;
  const timed = new Proxy(client, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof v !== 'function') return v;
      if (!['signIn', 'personInfo', 'preSettle', 'settle', 'reverse', 'query'].includes(prop)) return v.bind(target);
      return async (...args) => {
        const t0 = performance.now();
        try {
          return await v.apply(target, args);
        } finally {
          gatewayMs += performance.now() - t0;
        }
      };
    },
  });
  const stream = new PassThrough();
  const scanner = new yb.Scanner({ binding: new yb.StreamBinding(stream, 'bench'), framing: { suffix: 'cr' } });
  const pins = [];
  const terminal = await yb.createTerminal({
    scanners: [scanner],
    trust: { rootKey: await sim.readEnvKey(dir, 'root', 'public'), file: join(dir, 't-trust.jws'), initial: await sim.readEnvTrust(dir) },
    // The replay guard defaults to the journal's own file: the code and the sale share one synced commit.
    journal: join(dir, 't-journal.db'),
    gateway: timed,
    pharmacy: { code: settings.fixmedinsCode, name: settings.fixmedinsName, region: settings.mdtrtAreaAdmvs },
    pinPad: new yb.ScriptedPinPad(() => pins.shift()),
  });
  const N = 150;
  const sdk = [];
  for (let i = 0; i < N + 10; i++) {
    const code = await sim.issueVoucher({ key: issuerKey, iss: settings.issuerId, sub: employee.sub, reg: employee.reg });
    pins.push(employee.pin);
    let t0 = 0;
    const onScan = (s) => {
      if (s.kind === 'voucher') {
        t0 = performance.now();
        gatewayMs = 0;
      }
    };
    terminal.on('scan', onScan);
    const sale = terminal.checkout({ amountFen: 1 });
    stream.write(`${code}\r`);
    await sale;
    terminal.off('scan', onScan);
    if (i >= 10) sdk.push(performance.now() - t0 - gatewayMs);
  }
  await terminal.close();

  // Baseline: the same cryptographic and durable work, bare.
  const { publicJwk, privateJwk } = await sim.generateSigningKey('ES256', 'b');
  const pub = await jose.importJWK(publicJwk, 'ES256');
  const jws = await new jose.CompactSign(new TextEncoder().encode('{"a":1}')).setProtectedHeader({ alg: 'ES256' }).sign(await jose.importJWK(privateJwk, 'ES256'));
  const pinKey = (await sim.generatePinKey('p')).publicJwk;
  const Database = require('better-sqlite3');
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
  const bare = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await jose.compactVerify(jws, pub);
    await new jose.CompactEncrypt(new TextEncoder().encode('{"pin":"000000"}')).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' }).encrypt(await jose.importJWK(pinKey, 'ECDH-ES+A256KW'));
    ins.run(String(i), 'x');
    bare.push(performance.now() - t0);
  }
  db.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });

  const s = summarize(sdk);
  const b = summarize(bare);
  console.log(`sales measured: ${s.n} (scan event → receipt, gateway waits subtracted)`);
  console.log(`SDK time per sale: median ${fmt(s.median, 2)} ms, p99 ${fmt(s.p99, 2)} ms (goal: < 10 ms)`);
  console.log(`baseline (bare verify + seal + fsync'd insert): median ${fmt(b.median, 2)} ms, p99 ${fmt(b.p99, 2)} ms`);
  const rMedian = s.median / b.median;
  const rP99 = s.p99 / b.p99;
  console.log(`ratio SDK/baseline: median ${fmt(rMedian, 2)}x, p99 ${fmt(rP99, 2)}x (goal: within 1.5x, ${rMedian <= 1.5 && rP99 <= 1.5 ? 'met' : 'NOT met'})`);
}
