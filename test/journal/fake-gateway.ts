/**
 * A scripted Gateway for journal tests: each money call takes the next
 * scripted outcome ('booked', 'refused', 'unknown', 'throws', or a pending
 * promise the test resolves), and the fake keeps its own ledger so tests can
 * check what the "gateway" believes.
 *
 * @module
 */
import { GatewayError } from '../../src/gateway/errors.js';
import type { SaleUpload } from '../../src/gateway/types.js';
import type { Gateway, Settlement, SettleRequest } from '../../src/gateway/types.js';

export type Outcome = 'booked' | 'refused' | 'unknown' | 'unknown-booked' | 'throws';

export class FakeGateway implements Gateway {
  seq = 0;
  settleScript: Outcome[] = [];
  reverseScript: Outcome[] = [];
  queryScript: Array<'found' | 'not-found' | 'throws'> = [];
  /** msgid → booked amount; reversed msgids are removed and remembered as void. */
  readonly booked = new Map<string, number>();
  readonly voided = new Set<string>();
  readonly calls: Array<{ infno: string; msgid: string; body: unknown }> = [];
  reconcileAnswer: { totalFen: number; acctPayFen: number; count: number } | undefined;

  newMsgid(): string {
    return `H12345678901202611220000${String(this.seq++).padStart(6, '0')}`.slice(0, 30);
  }
  async signIn() {
    return { signNo: '1', signTime: 'now' };
  }
  async signOut() {}
  async personInfo(): Promise<never> {
    throw new Error('not used');
  }
  async preSettle(): Promise<never> {
    throw new Error('not used');
  }
  async settle(req: SettleRequest, opts: { msgid: string }): Promise<Settlement> {
    this.calls.push({ infno: '2102', msgid: opts.msgid, body: req });
    const o = this.settleScript.shift() ?? 'booked';
    const book = () => {
      if (!this.voided.has(opts.msgid)) this.booked.set(opts.msgid, req.totalFen);
    };
    if (o === 'refused') throw new GatewayError('GATEWAY_INSUFFICIENT_BALANCE', { errCode: 'INSUFFICIENT_BALANCE', msgid: opts.msgid });
    if (o === 'unknown') throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { msgid: opts.msgid });
    if (o === 'unknown-booked') {
      book();
      throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { msgid: opts.msgid });
    }
    if (o === 'throws') throw new TypeError('socket hang up');
    book();
    return this.settlement(opts.msgid, req.psnNo, req.totalFen);
  }
  settlement(msgid: string, psnNo: string, totalFen: number): Settlement {
    return { setlId: `S${msgid.slice(-6)}`, mdtrtId: `M${msgid.slice(-6)}`, psnNo, totalFen, fundPayFen: 0, acctPayFen: totalFen, acctMulaidPayFen: 0, cashFen: 0, balanceFen: 100 };
  }
  async cancel(req: { setlId: string }, opts: { msgid: string }) {
    this.calls.push({ infno: '2103', msgid: opts.msgid, body: req });
    const o = this.settleScript.shift() ?? 'booked';
    if (o === 'unknown') throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { msgid: opts.msgid });
    if (o === 'refused') throw new GatewayError('GATEWAY_ALREADY_CANCELLED', { errCode: 'ALREADY_CANCELLED' });
    return { acctPayFen: 1, acctMulaidPayFen: 0, balanceFen: 2 };
  }
  async reverse(req: { omsgid: string }, opts: { msgid: string }) {
    this.calls.push({ infno: '2601', msgid: opts.msgid, body: req });
    const o = this.reverseScript.shift() ?? 'booked';
    if (o === 'unknown') throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { msgid: opts.msgid });
    if (o === 'refused') throw new GatewayError('GATEWAY_INTERNAL', { errCode: 'INTERNAL' });
    if (o === 'throws') throw new Error('ECONNRESET');
    this.booked.delete(req.omsgid);
    this.voided.add(req.omsgid);
  }
  async query(req: { psnNo: string; omsgid: string }) {
    this.calls.push({ infno: '5203', msgid: req.omsgid, body: req });
    const o = this.queryScript.shift();
    if (o === 'throws') throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME');
    if (o === 'not-found') return null;
    const amount = this.booked.get(req.omsgid);
    return amount === undefined ? null : this.settlement(req.omsgid, req.psnNo, amount);
  }
  /** 3505: each upload takes the next scripted answer (default acknowledged). */
  uploadScript: Array<'ok' | 'lost' | 'refused'> = [];
  readonly uploads: Array<{ msgid: string; upload: SaleUpload }> = [];
  async uploadSale(upload: SaleUpload, opts: { msgid: string }) {
    this.calls.push({ infno: '3505', msgid: opts.msgid, body: upload });
    this.uploads.push({ msgid: opts.msgid, upload });
    const o = this.uploadScript.shift() ?? 'ok';
    if (o === 'lost') throw new GatewayError('GATEWAY_UNKNOWN_OUTCOME', { outcome: 'unknown', httpStatus: 503 });
    if (o === 'refused') throw new GatewayError('GATEWAY_TRACE_CODE_SOLD', { outcome: 'refused', httpStatus: 200, errCode: 'TRACE_CODE_SOLD' });
  }
  async reconcile(req: { totalFen: number; acctPayFen: number; count: number }) {
    this.calls.push({ infno: '3201', msgid: '', body: req });
    const gw = this.reconcileAnswer ?? { totalFen: [...this.booked.values()].reduce((a, b) => a + b, 0), acctPayFen: [...this.booked.values()].reduce((a, b) => a + b, 0), count: this.booked.size };
    return { balanced: gw.totalFen === req.totalFen && gw.acctPayFen === req.acctPayFen && gw.count === req.count, gateway: gw };
  }
}

export const PIN_BLOCK = 'eyJhbGciOiJFQ0RILUVTIn0.SECRETPINBLOCKMARKER.iv.ct.tag';

export function saleRequest(totalFen = 1234): SettleRequest {
  return {
    voucherText: 'VOUCHER-TEXT',
    psnNo: 'P0001',
    insutype: '310',
    insuplcAdmdvs: '110000',
    items: [{ code: 'X01', qty: 1, priceFen: totalFen, name: 'aspirin' }],
    totalFen,
    pinBlock: PIN_BLOCK,
  };
}
