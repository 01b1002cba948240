// Time the SDK itself spends in one sale: from the voucher's `scan` event to
// the receipt, minus the time spent waiting on the gateway (measured at the
// Gateway interface, so the client's own envelope/signing work counts as
// gateway time here; 30-gateway measures that apart). The goal's baseline,
// same run, interleaved sale by sale: a bare sale, the same three gateway
// calls with the work a sale must do anyway done bare between them (raw
// verify of the code, one PIN block seal, one fsync'd SQLite insert). Also
// printed: that bare work back to back, with node:crypto and with jose on
// WebCrypto. The sale itself syncs once (the intent, before its 2102 leaves).
// BENCH_SALES sets the count (default 400).
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { createRequire } from 'node:module';
import { createPublicKey, verify as rawVerify } from 'node:crypto';
import * as jose from 'jose';
import { fmt, shuffled, summarize } from './stats.mjs';

const dist = resolve(process.env.YIBAO_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const require = createRequire(import.meta.url);

export async function run() {
  // BENCH_WINDOWS=file: writes when each sale, bare sale and gateway call began and ended (hrtime, µs),
  // so a CPU profile (node --cpu-prof) can be cut to either one's own time (scripts/profile-windows.mjs).
  const windows = process.env.BENCH_WINDOWS ? [] : undefined;
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
        windows?.push(['gw', process.hrtime.bigint()]);
        try {
          return await v.apply(target, args);
        } finally {
          gatewayMs += performance.now() - t0;
          windows?.push(['gw-end', process.hrtime.bigint()]);
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
  // The bare floors, set up before the sales so all three can be interleaved. Each does what a sale
  // must do anyway, bare: one voucher signature check, one PIN block seal, one fsync'd SQLite insert.
  //  - jose floor: jose on WebCrypto for both (the reference way, a thread-pool round trip per step);
  //  - node floor: raw node:crypto verify (key imported once) and the SDK's public sealPinBlock
  //    (node:crypto, synchronous): the tightest floor, so the ratio to it is the SDK's own overhead.
  const { publicJwk, privateJwk } = await sim.generateSigningKey('ES256', 'b');
  const pub = await jose.importJWK(publicJwk, 'ES256');
  const jws = await new jose.CompactSign(new TextEncoder().encode('{"a":1}')).setProtectedHeader({ alg: 'ES256' }).sign(await jose.importJWK(privateJwk, 'ES256'));
  const rawKey = createPublicKey({ key: publicJwk, format: 'jwk' });
  const [rawInput, rawSig] = [Buffer.from(jws.slice(0, jws.lastIndexOf('.'))), Buffer.from(jws.slice(jws.lastIndexOf('.') + 1), 'base64url')];
  const pinKey = (await sim.generatePinKey('p')).publicJwk;
  const Database = require('better-sqlite3');
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
  let bareN = 0;
  const joseFloor = async () => {
    const t0 = performance.now();
    await jose.compactVerify(jws, pub);
    await new jose.CompactEncrypt(new TextEncoder().encode('{"pin":"000000"}')).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' }).encrypt(await jose.importJWK(pinKey, 'ECDH-ES+A256KW'));
    ins.run(String(bareN++), 'x');
    return performance.now() - t0;
  };
  const nodeFloor = async () => {
    const t0 = performance.now();
    if (!rawVerify('sha256', rawInput, { key: rawKey, dsaEncoding: 'ieee-p1363' }, rawSig)) throw new Error('raw verify failed');
    await yb.sealPinBlock('000000', { jti: `j${bareN}`, msgid: `m${bareN}`, amountFen: 1, pinKey });
    ins.run(String(bareN++), 'x');
    return performance.now() - t0;
  };

  // The bare sale: the same three gateway calls as a sale (1101, 2101, 2102, through the same timed
  // client, their time subtracted alike), with the floor's bare steps where the sale does them: the
  // code's signature checked raw (node:crypto, key imported once) and its claims parsed before the
  // 1101; the seal and the fsync'd insert between the 2101 and the 2102. So the bare work meets the
  // machine as the sale's steps do, after a gateway call (the simulator shares this process, and its
  // work between the steps leaves the CPU's caches cold).
  const gatewayPin = await sim.readEnvKey(dir, 'pin', 'public');
  const issuerPub = createPublicKey({ key: await sim.readEnvKey(dir, 'issuer', 'public'), format: 'jwk' });
  const bareSale = async () => {
    const code = await sim.issueVoucher({ key: issuerKey, iss: settings.issuerId, sub: employee.sub, reg: employee.reg });
    const t0 = performance.now();
    gatewayMs = 0;
    windows?.push(['bare', process.hrtime.bigint()]);
    const [head, body, sig] = code.slice('YBV1:'.length).split('.');
    if (!rawVerify('sha256', Buffer.from(`${head}.${body}`), { key: issuerPub, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))) throw new Error('raw verify failed');
    const { jti } = JSON.parse(Buffer.from(body, 'base64url').toString());
    const person = await timed.personInfo(code, settings.mdtrtAreaAdmvs);
    const request = {
      voucherText: code,
      psnNo: person.psnNo,
      insutype: person.insurances[0]?.insutype ?? '390',
      insuplcAdmdvs: person.insurances[0]?.insuplcAdmdvs ?? employee.reg,
      items: [{ code: 'AMOUNT', name: '药品', qty: 1, priceFen: 1 }], // the line a sale by amount alone carries (checkout/items.ts)
      totalFen: 1,
      useAccount: true,
    };
    await timed.preSettle(request);
    const msgid = client.newMsgid();
    const pinBlock = await yb.sealPinBlock(employee.pin, { jti, msgid, amountFen: 1, pinKey: gatewayPin });
    ins.run(String(bareN++), 'x');
    await timed.settle({ ...request, pinBlock }, { msgid });
    windows?.push(['bare-end', process.hrtime.bigint()]);
    return performance.now() - t0 - gatewayMs;
  };

  const saleOnce = async () => {
    const code = await sim.issueVoucher({ key: issuerKey, iss: settings.issuerId, sub: employee.sub, reg: employee.reg });
    pins.push(employee.pin);
    let t0 = 0;
    const onScan = (s) => {
      if (s.kind === 'voucher') {
        t0 = performance.now();
        gatewayMs = 0;
        windows?.push(['sale', process.hrtime.bigint()]);
      }
    };
    terminal.on('scan', onScan);
    const sale = terminal.checkout({ amountFen: 1 });
    stream.write(`${code}\r`);
    await sale;
    windows?.push(['end', process.hrtime.bigint()]);
    terminal.off('scan', onScan);
    return performance.now() - t0 - gatewayMs;
  };

  // Interleaved: a sale, the bare sale and the two floors in a fresh (seeded) order each round, so
  // a burst of load hits all alike and none always follows another; the first rounds warm up.
  const N = Number(process.env.BENCH_SALES ?? 400);
  const WARM = 20;
  const runs = { sdk: [saleOnce, []], bare: [bareSale, []], node: [nodeFloor, []], jose: [joseFloor, []] };
  const order = Object.keys(runs);
  for (let i = 0; i < N + WARM; i++) {
    for (const k of shuffled(order.length, i)) {
      const [fn, samples] = runs[order[k]];
      const ms = await fn();
      if (i >= WARM) samples.push(ms);
    }
  }
  await terminal.close();
  db.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });

  if (windows) writeFileSync(process.env.BENCH_WINDOWS, JSON.stringify(windows.map(([k, t]) => [k, Number(t / 1000n)])));
  const s = summarize(runs.sdk[1]);
  const bare = summarize(runs.bare[1]);
  const b = summarize(runs.node[1]);
  const j = summarize(runs.jose[1]);
  const ratio = (x) => `median ${fmt(s.median / x.median, 2)}x, p99 ${fmt(s.p99 / x.p99, 2)}x`;
  console.log(`sales measured: ${s.n}, interleaved with as many of each floor (scan event → receipt, gateway waits subtracted)`);
  console.log(`SDK time per sale: median ${fmt(s.median, 2)} ms, p99 ${fmt(s.p99, 2)} ms (goal: < 10 ms)`);
  console.log(`bare sale (same 1101/2101/2102 calls; raw verify + claims, sealPinBlock, fsync'd insert where the sale does them): median ${fmt(bare.median, 2)} ms, p99 ${fmt(bare.p99, 2)} ms`);
  console.log(`node floor, back to back (the same bare steps with no gateway call between): median ${fmt(b.median, 2)} ms, p99 ${fmt(b.p99, 2)} ms`);
  console.log(`jose floor, back to back (jose verify + jose seal + fsync'd insert): median ${fmt(j.median, 2)} ms, p99 ${fmt(j.p99, 2)} ms`);
  const met = s.median / bare.median <= 1.5 && s.p99 / bare.p99 <= 1.5;
  console.log(`ratio SDK/bare sale: ${ratio(bare)} (goal: within 1.5x, ${met ? 'met' : 'NOT met'})`);
  console.log(`ratio SDK/node floor back to back: ${ratio(b)}`);
  console.log(`ratio SDK/jose floor back to back: ${ratio(j)}`);
}
