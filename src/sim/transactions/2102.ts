/**
 * 2102 药店结算 settlement: online voucher check, PIN from the sealed block
 * (the PIN of the account that pays: the payer's in mutual aid), then, in
 * the caller's SQLite transaction, the booking, the account movements, the
 * notices and the consumed jti(s).
 *
 * @module
 */
import { openPinBlock } from '../pin-block.js';
import type { Handler, TxContext } from '../context.js';
import { pinMatches } from '../pin-hash.js';
import { SimRefusal, bad } from '../refusal.js';
import { afterPinAttempt } from '../rules/pin.js';
import { cstDay } from '../rules/day.js';
import { str } from '../input.js';
import { computeSettle, prepareSettle, setldetail, setlinfo, type SettlePrepared } from './settle.js';
import { bookMovement } from './movement.js';
import { recordSoldCodes } from '../trace-codes.js';
import { isCardClaims } from '../cards.js';

interface Prepared extends SettlePrepared {
  /** Whether the sealed PIN matched the paying credential's hash; the PIN itself is gone. */
  pinOk: boolean;
  pinSub: string;
}

async function prepare(ctx: TxContext): Promise<Prepared> {
  const base = await prepareSettle(ctx);
  const pinBlock = str(ctx.env.input, 'pin_blk', /^[A-Za-z0-9_.-]{1,4096}$/);
  const payerClaims = base.payerClaims ?? base.patientClaims;
  let pin: string;
  try {
    pin = await openPinBlock(pinBlock, {
      privateKey: ctx.pinPrivateKey,
      expect: { jti: payerClaims.jti, msgid: ctx.env.msgid, amountFen: base.drug.totalFen },
      clock: ctx.clock,
    });
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'PIN_BLOCK_INVALID';
    throw bad(`pin_blk: ${code}`);
  }
  const credential = ctx.ledger.credential(payerClaims.sub);
  const pinOk = credential !== undefined && (await pinMatches(pin, credential.pin_salt, credential.pin_hash));
  return { ...base, pinOk, pinSub: payerClaims.sub };
}

export const settle: Handler<Prepared> = {
  prepare,
  apply(ctx, p) {
    const { ledger, env } = ctx;
    const c = computeSettle(ctx, p);
    const state = ledger.pinState(p.pinSub);
    if (state.locked) throw new SimRefusal('PIN_LOCKED', { output: { tries_left: 0 } });
    const next = afterPinAttempt({ fails: state.fails, locked: false }, p.pinOk);
    ledger.setPinState(p.pinSub, next.fails, next.locked);
    if (!p.pinOk) {
      // The count must persist with the answer, so this is returned, not thrown.
      const refusal = next.locked
        ? new SimRefusal('PIN_LOCKED', { output: { tries_left: 0 } })
        : new SimRefusal('PIN_WRONG', { output: { tries_left: next.triesLeft } });
      return { refusal };
    }
    const now = ctx.clock();
    const forgetAfter = (p.patientClaims.exp + ctx.skewSec + 60) * 1000;
    if (!isCardClaims(p.patientClaims)) ledger.recordJti(p.patientClaims.jti, forgetAfter);
    if (p.payerClaims) ledger.recordJti(p.payerClaims.jti, (p.payerClaims.exp + ctx.skewSec + 60) * 1000);
    const serial = ledger.next('setl');
    const ids = { setlId: `S${String(serial).padStart(11, '0')}`, mdtrtId: `M${String(serial).padStart(11, '0')}` };
    const patientPsn = c.patient.person.psn_no;
    const payerPsn = c.payer?.person.psn_no;
    const pharmacy = env.fixmedins_name;
    let balanceFen = c.patientBalanceFen ?? 0;
    if (c.acctPayFen > 0) balanceFen = bookMovement(ledger, env.msgid, patientPsn, -c.acctPayFen, 'consumption', now, pharmacy);
    if (payerPsn !== undefined) {
      balanceFen = c.payerBalanceFen ?? 0;
      if (c.acctMulaidPayFen > 0) balanceFen = bookMovement(ledger, env.msgid, payerPsn, -c.acctMulaidPayFen, 'consumption', now, pharmacy);
    }
    const totals = { totalFen: p.drug.totalFen, ...c, balanceFen };
    ledger.addBooking({
      kid: ctx.kid,
      msgid: env.msgid,
      infno: '2102',
      fixmedins_code: env.fixmedins_code,
      fixmedins_name: pharmacy,
      psn_no: patientPsn,
      payer_psn_no: payerPsn ?? null,
      setl_id: ids.setlId,
      mdtrt_id: ids.mdtrtId,
      orig_kid: null,
      orig_msgid: null,
      state: 'booked',
      total_fen: totals.totalFen,
      fund_pay_fen: c.fundPayFen,
      acct_pay_fen: c.acctPayFen,
      acct_mulaid_pay_fen: c.acctMulaidPayFen,
      cash_fen: c.cashFen,
      balance_fen: balanceFen,
      voucher_jti: p.patientClaims.jti,
      booked_at: now,
      day: cstDay(now),
    });
    recordSoldCodes(ledger, p.traceLines, { setlId: ids.setlId, msgid: env.msgid }, now, false);
    const extras = { setlTime: now, medinsSetlId: env.msgid, insutype: c.patient.person.insutype, clrOptins: c.patient.person.reg };
    return { output: { setlinfo: setlinfo(ids, patientPsn, totals, extras), setldetail: setldetail(c.fundPayFen) } };
  },
};
