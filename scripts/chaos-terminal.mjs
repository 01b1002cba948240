/**
 * One chaos "terminal" life (run by scripts/chaos.mjs, never by users):
 * opens its journal, recovers, then runs CHAOS_SALES sales against the
 * simulator, printing one JSON line per event. Test-only kill points:
 * YIBAO_CHAOS_KILL_AT=<journal point> and YIBAO_CHAOS_KILL_SALE=<n> make it
 * SIGKILL itself at that point of its n-th sale (1-based) of this life.
 * Runs against the BUILT package in $YIBAO_DIST (default dist/).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.YIBAO_DIST ?? 'dist');
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { SettlementJournal } = await load('index.js');
const sim = await load('sim/index.js');
const { sealPinBlock } = await load('pin/index.js');

const dir = process.env.CHAOS_DIR;
const url = process.env.CHAOS_URL;
const file = process.env.CHAOS_JOURNAL;
const sales = Number(process.env.CHAOS_SALES ?? '0');
const killAt = process.env.YIBAO_CHAOS_KILL_AT;
const killSale = Number(process.env.YIBAO_CHAOS_KILL_SALE ?? '1');
const persons = process.env.CHAOS_PERSONS.split(',');
let seed = Number(process.env.CHAOS_SEED ?? '1') >>> 0;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
let saleNo = 0;

const hooks = {
  at(point, msgid) {
    out({ ev: 'at', point, msgid, sale: saleNo });
    if (point === killAt && saleNo === killSale) process.kill(process.pid, 'SIGKILL');
  },
};

// Terminals of one pharmacy share its code: each takes its own slice of the msgid sequence.
const slice = Number(process.env.CHAOS_TERMINAL ?? '0');
const journal = await SettlementJournal.open(file, { hooks, backoff: { baseMs: 20, maxMs: 200 }, sequenceRange: { start: slice * 1000, size: 1000 } });
const gateway = await sim.createGatewayClientFromEnv(dir, { url, sequence: journal.sequence(), timeoutMs: Number(process.env.CHAOS_TIMEOUT_MS ?? '400') });
const settings = await sim.readEnvSettings(dir);
const issuerKey = await sim.readEnvKey(dir, 'issuer', 'private');
const pinKey = await sim.readEnvKey(dir, 'pin', 'public');
const cases = JSON.parse(await readFile(sim.envPaths(dir).persons, 'utf8'));
const people = persons.map((c) => cases.find((p) => p.case === c));

const report = await journal.recover(gateway);
out({ ev: 'recovered', found: report.found, booked: report.booked.length, reversed: report.reversed.length, pending: report.pending.length });
journal.startReversals(gateway);

for (saleNo = 1; saleNo <= sales; saleNo++) {
  const p = people[Math.floor(rand() * people.length)];
  const totalFen = 1 + Math.floor(rand() * 40);
  const msgid = gateway.newMsgid();
  const jti = `chaos-${process.pid}-${saleNo}-${Math.floor(rand() * 1e9)}`;
  const voucherText = await sim.issueVoucher({ key: issuerKey, iss: settings.issuerId, sub: p.sub, reg: p.reg, jti });
  const pinBlock = await sealPinBlock(p.pin, { jti, msgid, amountFen: totalFen, pinKey, now: Date.now() });
  const req = {
    voucherText,
    psnNo: p.psn_no,
    insutype: p.insutype,
    insuplcAdmdvs: p.reg,
    items: [{ code: 'XA01AAA001', qty: 1, priceFen: totalFen }],
    totalFen,
    pinBlock,
  };
  out({ ev: 'try', msgid, jti, psnNo: p.psn_no, totalFen });
  try {
    const s = await journal.settle(gateway, req, { msgid, jti });
    out({ ev: 'sale', msgid, result: 'booked', acctPayFen: s.acctPayFen });
  } catch (err) {
    if (process.env.CHAOS_DEBUG) process.stderr.write(`${msgid} ${err?.code} ${err?.message}\n`);
    out({ ev: 'sale', msgid, result: err?.outcome === 'unknown' ? 'unknown' : 'refused', code: err?.code ?? String(err) });
  }
}

// The final life (no sales) waits until the healthy gateway has acknowledged every reversal.
if (sales === 0) {
  for (let i = 0; i < 50 && journal.pending().length > 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    await journal.runDueReversals(gateway);
  }
}
out({ ev: 'done', pending: journal.pending().length });
journal.stopReversals();
await journal.close();
await gateway.close();
