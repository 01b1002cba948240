/**
 * One life of one chaos till (run by scripts/chaos.mjs, never by users):
 * opens its journal (its own msgid block), recovers, then works through the
 * customer baskets it is given the way a cashier does: sells, redoes a sale
 * reported not paid (with a fresh code), cancels when the customer asks and
 * retries a cancel whose outcome was unknown. One JSON line per event.
 * Test-only kill: CHAOS_KILL_AT=<point> and CHAOS_KILL_NTH=<n> make it
 * SIGKILL itself the n-th time it reaches that point in this life (points:
 * the journal's, and `before-shown`, between the answer and the receipt).
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

const env = process.env;
const dir = env.CHAOS_DIR;
const till = Number(env.CHAOS_TILL ?? '1');
/** [{ id, person, amountFen, wantsCancel, state: { told, tries, cancelTries, setlId, mdtrtId, totalFen } }] */
const baskets = JSON.parse(env.CHAOS_BASKETS ?? '[]');
const MAX_TRIES = Number(env.CHAOS_MAX_TRIES ?? '3');
const killAt = env.CHAOS_KILL_AT;
const killNth = Number(env.CHAOS_KILL_NTH ?? '1');
const lcg = (s) => () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const rand = lcg(Number(env.CHAOS_SEED ?? '1') >>> 0);
/** The reversal loop's own stream: it runs beside the sales, so sharing theirs would mix the draws by timing. */
const jitterRand = lcg((Number(env.CHAOS_SEED ?? '1') ^ 0x5bd1e995) >>> 0);

const out = (o) => process.stdout.write(`${JSON.stringify({ till, ...o, ...(o.basket !== undefined && o.basket !== null ? { state: baskets.find((b) => b.id === o.basket)?.state } : {}) })}\n`);
const reached = new Map();
const at = (point, msgid) => {
  out({ ev: 'at', point, msgid });
  const n = (reached.get(point) ?? 0) + 1;
  reached.set(point, n);
  if (point === killAt && n === killNth) process.kill(process.pid, 'SIGKILL');
};

// The backoff's jitter comes from the seed too (a run is reproducible from its seed).
const journal = await SettlementJournal.open(env.CHAOS_JOURNAL, { till, hooks: { at }, backoff: { baseMs: 20, maxMs: 200, jitter: 0.5 }, random: jitterRand });
const gateway = await sim.createGatewayClientFromEnv(dir, { url: env.CHAOS_URL, sequence: journal.sequence(), timeoutMs: Number(env.CHAOS_TIMEOUT_MS ?? '400') }, { till });
const settings = await sim.readEnvSettings(dir);
const issuerKey = await sim.readEnvKey(dir, 'issuer', 'private');
const pinKey = await sim.readEnvKey(dir, 'pin', 'public');
const cases = JSON.parse(await readFile(sim.envPaths(dir).persons, 'utf8'));
const personOf = (c) => cases.find((p) => p.case === c);

// Recovery is never silent: what it settled is what the cashier is told about those baskets.
const bySetl = new Map(baskets.filter((b) => b.state.setlId).map((b) => [b.state.setlId, b]));
const report = await journal.recover(gateway);
for (const e of report.settled) {
  const b = e.infno === '2102' ? baskets.find((x) => x.id === e.ref?.basket) : bySetl.get(e.setlId);
  if (b && e.outcome === 'paid') Object.assign(b.state, { told: 'paid', setlId: e.settlement.setlId, mdtrtId: e.settlement.mdtrtId, totalFen: e.settlement.totalFen });
  else if (b && e.outcome === 'cancelled') b.state.told = 'cancelled';
  // A sale killed before the cashier heard anything, recovered as not paid, is told so (not left at 'none').
  else if (b && e.infno === '2102' && b.state.told === 'none' && (e.outcome === 'not_paid' || e.outcome === 'reversal_pending')) b.state.told = 'not_paid';
  // Also for baskets this life was not given (closed earlier): the cashier is told all the same.
  out({ ev: 'recovered', msgid: e.msgid, infno: e.infno, outcome: e.outcome, basket: b?.id ?? null, basketRef: e.ref?.basket ?? null, setlId: e.setlId ?? e.settlement?.setlId ?? null, mdtrtId: e.settlement?.mdtrtId ?? null, totalFen: e.settlement?.totalFen ?? null });
}
// A cancel whose reversal the gateway kept (the refund was spent) stands: the cashier is told it is cancelled.
journal.on('cancel-kept', (e) => {
  const b = bySetl.get(e.setlId) ?? baskets.find((x) => x.state.setlId === e.setlId);
  if (b) b.state.told = 'cancelled';
  out({ ev: 'cancel-kept', msgid: e.msgid, basket: b?.id ?? null, setlId: e.setlId ?? null });
});
journal.startReversals(gateway);

async function sell(b) {
  const p = personOf(b.person);
  const msgid = gateway.newMsgid();
  const jti = `chaos-${till}-${b.id}-${b.state.tries}-${Math.floor(rand() * 1e9)}`;
  const voucherText = await sim.issueVoucher({ key: issuerKey, iss: settings.issuerId, sub: p.sub, reg: p.reg, jti });
  const pinBlock = await sealPinBlock(p.pin, { jti, msgid, amountFen: b.amountFen, pinKey, now: Date.now() });
  const req = { voucherText, psnNo: p.psn_no, insutype: p.insutype, insuplcAdmdvs: p.reg, items: [{ code: 'XA01AAA001', qty: 1, priceFen: b.amountFen }], totalFen: b.amountFen, pinBlock };
  b.state.tries++;
  out({ ev: 'try', kind: 'sale', basket: b.id, msgid, jti, psnNo: p.psn_no, totalFen: b.amountFen });
  try {
    const s = await journal.settle(gateway, req, { msgid, jti, receiptRef: { basket: b.id }, confirmReceipt: true });
    at('before-shown', msgid);
    journal.receiptShown(msgid);
    Object.assign(b.state, { told: 'paid', setlId: s.setlId, mdtrtId: s.mdtrtId, totalFen: s.totalFen });
    out({ ev: 'told', basket: b.id, what: 'paid', msgid, setlId: s.setlId, mdtrtId: s.mdtrtId, totalFen: s.totalFen });
  } catch (err) {
    const what = err?.outcome === 'unknown' ? 'not_paid' : 'refused';
    // A refusal the cashier can redo (the gateway's own transient refusals) counts as not paid, too.
    b.state.told = what === 'refused' && !/INTERNAL|UNREACHABLE|ALREADY_CANCELLED|DUPLICATE/.test(err?.code ?? '') ? 'refused' : 'not_paid';
    out({ ev: 'told', basket: b.id, what: b.state.told, msgid, code: err?.code ?? String(err) });
  }
}

async function cancel(b) {
  const p = personOf(b.person);
  b.state.cancelTries++;
  out({ ev: 'cancel', basket: b.id });
  let waited = false;
  for (let wait = 0; wait < 40; wait++) {
    const msgid = gateway.newMsgid();
    try {
      out({ ev: 'try', kind: 'cancel', basket: b.id, msgid, setlId: b.state.setlId });
      await journal.cancel(gateway, { psnNo: p.psn_no, setlId: b.state.setlId, mdtrtId: b.state.mdtrtId, insuplcAdmdvs: p.reg, amountFen: b.state.totalFen }, { msgid });
      b.state.told = 'cancelled';
      out({ ev: 'told', basket: b.id, what: 'cancelled', msgid });
      return;
    } catch (err) {
      if (err?.code === 'JOURNAL_CANCEL_PENDING') {
        // The first cancel is still being settled: the cashier waits, then tries again.
        // Told once per cancel: how many polls the wait takes is the machine's timing, not the run's.
        if (!waited) out({ ev: 'cancel-pending', basket: b.id });
        waited = true;
        await new Promise((r) => setTimeout(r, 50));
        await journal.runDueReversals(gateway);
        continue;
      }
      if (err?.code === 'GATEWAY_ALREADY_CANCELLED') {
        b.state.told = 'cancelled';
        out({ ev: 'told', basket: b.id, what: 'cancelled', msgid, code: err.code });
        return;
      }
      out({ ev: 'told', basket: b.id, what: 'not_cancelled', msgid, code: err?.code ?? String(err) });
      return;
    }
  }
}

for (const b of baskets) {
  for (;;) {
    const st = b.state;
    if ((st.told === 'none' || st.told === 'not_paid') && st.tries < MAX_TRIES) await sell(b);
    else if (st.told === 'paid' && b.wantsCancel && st.cancelTries < MAX_TRIES) {
      await cancel(b);
      if (b.state.told !== 'cancelled') b.state.told = 'paid';
    } else break;
  }
  out({ ev: 'basket-done', basket: b.id, state: b.state });
}

// A life with no baskets waits until the healthy gateway has acknowledged every reversal.
if (baskets.length === 0) {
  for (let i = 0; i < 100 && journal.pending().length > 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    await journal.runDueReversals(gateway);
  }
}
out({ ev: 'done', pending: journal.pending().length });
journal.stopReversals();
await journal.close();
await gateway.close();
