import { describe, expect, it } from 'vitest';
import { CheckoutError } from '../../src/checkout/errors.js';
import type { TerminalEvents } from '../../src/checkout/events.js';
import { chooseInsurance, Sale, type SalePorts } from '../../src/checkout/sale.js';
import { FINAL_STATES, SALE_TRANSITIONS, type SaleState } from '../../src/checkout/states.js';
import { JournalError } from '../../src/journal/errors.js';
import type { Gateway, Insurance, Settlement, SettleRequest } from '../../src/gateway/types.js';
import { manualClock } from '../../src/lib/clock.js';
import { YibaoError } from '../../src/lib/errors.js';
import type { VerifiedVoucher } from '../../src/voucher/types.js';

const NOW = Date.UTC(2026, 10, 22, 2, 0, 0);

function voucher(sub: string, extra: Partial<VerifiedVoucher['claims']> = {}): VerifiedVoucher & { verifiedBy: 'offline' } {
  return {
    verifiedBy: 'offline',
    qrText: `YBV1:${sub}`,
    kid: 'k1',
    alg: 'ES256',
    claims: { iss: 'nhsa', sub, iat: NOW / 1000, exp: NOW / 1000 + 60, jti: `jti-${sub}-0000000000`, use: 'pay', reg: '420100', chn: 'wechat', nm: '张*三', ...extra },
  };
}

const settlement = (req: SettleRequest): Settlement => ({
  setlId: 'S1', mdtrtId: 'M1', psnNo: req.psnNo, totalFen: req.totalFen, fundPayFen: 0,
  acctPayFen: req.payerVoucherText ? 0 : req.totalFen, acctMulaidPayFen: req.payerVoucherText ? req.totalFen : 0,
  cashFen: 0, balanceFen: 10_000,
});

class GatewayRefusal extends YibaoError {
  triesLeft?: number;
}

function setup(opts: { settle?: (req: SettleRequest, n: number) => Promise<Settlement>; vouchers?: string[]; abortAt?: string; insurances?: Insurance[] } = {}) {
  const events: Array<[string, unknown]> = [];
  const pins: Array<{ msgid: string; jti: string; attempt: number; triesLeft?: number }> = [];
  const settled: Array<{ req: SettleRequest; msgid: string }> = [];
  const personInfoCalls: unknown[][] = [];
  const controller = new AbortController();
  const queue = [...(opts.vouchers ?? [])];
  let msg = 0;
  let settles = 0;
  const gateway = {
    newMsgid: () => `P42010000001202611221000000${String(++msg).padStart(3, '0')}`,
    personInfo: async (...args: unknown[]) => {
      personInfoCalls.push(args);
      return { psnNo: 'PSN1', name: '张*三', certno: '4201**1234', insurances: opts.insurances ?? [{ insutype: '310', balanceFen: 10_000, status: '1', insuplcAdmdvs: '420100' }], identities: [] };
    },
    preSettle: async (req: SettleRequest) => settlement(req),
  } as unknown as Gateway;
  const ports: SalePorts = {
    saleId: 'sale-1',
    verify: async (text) => {
      const sub = text.slice(5);
      if (sub === 'expired') throw new YibaoError('VOUCHER_EXPIRED', { zh: '过期', en: 'expired' });
      return voucher(sub);
    },
    gateway,
    settle: async (req, meta) => {
      settled.push({ req, msgid: meta.msgid });
      return (opts.settle ?? (async (r) => settlement(r)))(req, ++settles);
    },
    pinPad: {
      requestPin: async (r: { msgid: string; jti: string; attempt: number; triesLeft?: number }) => {
        pins.push({ msgid: r.msgid, jti: r.jti, attempt: r.attempt, ...(r.triesLeft !== undefined ? { triesLeft: r.triesLeft } : {}) });
        if (opts.abortAt === 'pin') controller.abort();
        return `sealed-${r.attempt}`;
      },
    },
    pinKey: () => ({ kty: 'EC' }),
    nextVoucher: async () => {
      const v = queue.shift();
      if (!v) throw new Error('no more vouchers');
      return v;
    },
    clock: manualClock(NOW),
    pharmacy: { code: 'P42010000001', name: '测试大药房', region: '420100' },
    emit: <E extends keyof TerminalEvents>(event: E, ...args: Parameters<TerminalEvents[E]>) => {
      events.push([event, args[0]]);
    },
  };
  return { ports, events, pins, settled, controller, personInfoCalls };
}

const states = (events: Array<[string, unknown]>) => events.filter(([e]) => e === 'state').map(([, p]) => (p as { state: string }).state);

describe('Sale', () => {
  it("asks 1101 in the pharmacy's region and settles in the insured region from its answer", async () => {
    const insurances: Insurance[] = [
      { insutype: '390', balanceFen: 0, status: '1', insuplcAdmdvs: '110100' },
      { insutype: '310', balanceFen: 0, status: '2', insuplcAdmdvs: '120100' },
      { insutype: '310', balanceFen: 5000, status: '1', insuplcAdmdvs: '110100' },
    ];
    const { ports, settled, personInfoCalls } = setup({ insurances });
    await new Sale(ports, { voucher: 'YBV1:alice', amountFen: 100 }).run();
    expect(personInfoCalls[0]?.slice(0, 2)).toEqual(['YBV1:alice', '420100']);
    expect(settled[0]?.req).toMatchObject({ insutype: '310', insuplcAdmdvs: '110100' });
  });

  it('chooses a normal employee insurance, then any normal one, then the first', () => {
    const i = (insutype: string, status: string, insuplcAdmdvs = '420100'): Insurance => ({ insutype, status, balanceFen: 0, insuplcAdmdvs });
    expect(chooseInsurance([i('390', '1'), i('310', '2'), i('310', '1', 'X')])?.insuplcAdmdvs).toBe('X');
    expect(chooseInsurance([i('310', '2'), i('390', '1', 'R')])?.insuplcAdmdvs).toBe('R');
    expect(chooseInsurance([i('390', '2', 'A'), i('310', '2', 'B')])?.insuplcAdmdvs).toBe('B');
    expect(chooseInsurance([])).toBeUndefined();
  });

  it('goes voucher → verified → pre-settlement → PIN → settlement → paid', async () => {
    const t = setup({ vouchers: ['YBV1:patient01'] });
    const receipt = await new Sale(t.ports, { items: [{ code: '6901234567892', name: '阿莫西林胶囊', qty: 2, priceFen: 1340 }], signal: t.controller.signal }).run();
    expect(states(t.events)).toEqual(['waiting_voucher', 'verified', 'pre_settling', 'pin', 'settling', 'paid']);
    expect(receipt.totalFen).toBe(2680);
    expect(receipt.acctPayFen).toBe(2680);
    expect(receipt.patient).toEqual({ sub: 'patient01', name: '张*三', psnNo: 'PSN1' });
    // The PIN block is bound to the msgid that was then settled.
    expect(t.pins[0]!.msgid).toBe(t.settled[0]!.msgid);
    expect(t.settled[0]!.req.pinBlock).toBe('sealed-1');
    expect(t.events.find(([e]) => e === 'receipt')?.[1]).toEqual(receipt);
  });

  it('asks the payer for a second voucher in mutual aid and seals the PIN to the payer', async () => {
    const t = setup({ vouchers: ['YBV1:patient01', 'YBV1:payer0001'] });
    const receipt = await new Sale(t.ports, { amountFen: 1000, mutualAid: true }).run();
    expect(states(t.events)).toContain('waiting_payer_voucher');
    expect(t.events.some(([e, p]) => e === 'prompt' && (p as { kind: string }).kind === 'payer-voucher')).toBe(true);
    expect(t.pins[0]!.jti).toBe('jti-payer0001-0000000000');
    expect(t.settled[0]!.req.payerVoucherText).toBe('YBV1:payer0001');
    expect(receipt.payer?.sub).toBe('payer0001');
    expect(receipt.acctMulaidPayFen).toBe(1000);
  });

  it('refuses the patient as their own mutual-aid payer', async () => {
    const t = setup({ vouchers: ['YBV1:patient01', 'YBV1:patient01'] });
    await expect(new Sale(t.ports, { amountFen: 1000, mutualAid: true }).run()).rejects.toMatchObject({ code: 'CHECKOUT_SAME_PAYER' });
    expect(t.settled).toHaveLength(0);
  });

  it('asks again after a wrong PIN, with a new msgid and the tries left', async () => {
    const t = setup({
      vouchers: ['YBV1:patient01'],
      settle: async (req, n) => {
        if (n === 1) {
          const e = new GatewayRefusal('GATEWAY_PIN_WRONG', { zh: '密码错误', en: 'wrong PIN' });
          e.triesLeft = 2;
          throw e;
        }
        return settlement(req);
      },
    });
    await new Sale(t.ports, { amountFen: 500 }).run();
    expect(t.pins.map((p) => p.attempt)).toEqual([1, 2]);
    expect(t.pins[1]!.triesLeft).toBe(2);
    expect(new Set(t.settled.map((s) => s.msgid)).size).toBe(2);
  });

  it('ends the sale when the PIN is locked', async () => {
    const t = setup({
      vouchers: ['YBV1:patient01'],
      settle: async () => {
        throw new GatewayRefusal('GATEWAY_PIN_LOCKED', { zh: '已锁定', en: 'locked' });
      },
    });
    await expect(new Sale(t.ports, { amountFen: 500 }).run()).rejects.toMatchObject({ code: 'GATEWAY_PIN_LOCKED' });
    expect(t.pins).toHaveLength(1);
  });

  it('cancels before the settlement is sent and sends nothing', async () => {
    const t = setup({ vouchers: ['YBV1:patient01'], abortAt: 'pin' });
    const err = await new Sale(t.ports, { amountFen: 500, signal: t.controller.signal }).run().catch((e) => e);
    expect(err).toBeInstanceOf(CheckoutError);
    expect(err.code).toBe('CHECKOUT_CANCELLED');
    expect(t.settled).toHaveLength(0);
  });

  it('stops at an offline refusal before calling the gateway', async () => {
    const t = setup({ vouchers: ['YBV1:expired'] });
    await expect(new Sale(t.ports, { amountFen: 500 }).run()).rejects.toMatchObject({ code: 'VOUCHER_EXPIRED' });
    // The sale enters its final state itself.
    expect(states(t.events)).toEqual(['waiting_voucher', 'refused']);
  });

  it('takes items scanned until pre-settlement starts', async () => {
    const t = setup({ vouchers: ['YBV1:patient01'] });
    const sale = new Sale(t.ports, { amountFen: undefined });
    sale.items.push({ code: '6901234567892', qty: 1, priceFen: 880 });
    const receipt = await sale.run();
    expect(receipt.totalFen).toBe(880);
    expect(sale.acceptsItems).toBe(false);
  });

  it('ends cancelled when the cashier cancels at the PIN pad, entered by the sale itself', async () => {
    const t = setup({ vouchers: ['YBV1:patient01'], abortAt: 'pin' });
    const sale = new Sale(t.ports, { amountFen: 500, signal: t.controller.signal });
    await sale.run().catch(() => undefined);
    expect(states(t.events)).toEqual(['waiting_voucher', 'verified', 'pre_settling', 'pin', 'cancelled']);
    expect(sale.state).toBe('cancelled');
  });

  it.each([
    ['done', 'not_paid_reversed'],
    ['pending', 'not_paid_reversal_pending'],
  ] as const)('tells an unknown outcome whose reversal is %s (%s) apart', async (reversal, final) => {
    const t = setup({
      vouchers: ['YBV1:patient01'],
      settle: async () => {
        throw new JournalError('JOURNAL_OUTCOME_UNKNOWN', { details: { msgid: 'm', amountFen: 500, reversal } });
      },
    });
    const sale = new Sale(t.ports, { amountFen: 500 });
    await expect(sale.run()).rejects.toMatchObject({ code: 'JOURNAL_OUTCOME_UNKNOWN' });
    expect(states(t.events)).toEqual(['waiting_voucher', 'verified', 'pre_settling', 'pin', 'settling', final]);
    expect(sale.state).toBe(final);
    expect(FINAL_STATES.has(final)).toBe(true);
  });

  it('asks the PIN again through settling → pin, and that move only', async () => {
    const t = setup({
      vouchers: ['YBV1:patient01'],
      settle: async (req, n) => {
        if (n === 1) throw Object.assign(new GatewayRefusal('GATEWAY_PIN_WRONG', { zh: '密码错误', en: 'wrong PIN' }), { triesLeft: 2 });
        return settlement(req);
      },
    });
    await new Sale(t.ports, { amountFen: 500 }).run();
    expect(states(t.events)).toEqual(['waiting_voucher', 'verified', 'pre_settling', 'pin', 'settling', 'pin', 'settling', 'paid']);
  });

  it('refuses to run a sale twice (CHECKOUT_ILLEGAL_MOVE) and keeps its final state', async () => {
    const t = setup({ vouchers: ['YBV1:patient01'] });
    const sale = new Sale(t.ports, { amountFen: 500 });
    await sale.run();
    const err = await sale.run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckoutError);
    expect(err).toMatchObject({ code: 'CHECKOUT_ILLEGAL_MOVE', details: { from: 'paid', to: 'waiting_voucher' } });
    expect((err as CheckoutError).messages.zh).toMatch(/技术支持/);
    expect(sale.state).toBe('paid');
    expect(states(t.events).filter((s) => s === 'paid')).toHaveLength(1);
  });

  it('has a table where every final state is a dead end and every other state can end refused', () => {
    const all = Object.keys(SALE_TRANSITIONS) as SaleState[];
    expect([...FINAL_STATES].sort()).toEqual(['cancelled', 'not_paid_reversal_pending', 'not_paid_reversed', 'paid', 'refused']);
    for (const s of all) {
      for (const to of SALE_TRANSITIONS[s]) expect(all).toContain(to);
      if (!FINAL_STATES.has(s)) expect(SALE_TRANSITIONS[s]).toContain('refused');
    }
    // Only the 2102 can be booked, so only settling can end paid or with an unknown outcome.
    const into = (target: SaleState) => all.filter((s) => SALE_TRANSITIONS[s].includes(target));
    expect(into('paid')).toEqual(['settling']);
    expect(into('not_paid_reversal_pending')).toEqual(['settling']);
    expect(into('not_paid_reversed')).toEqual(['settling']);
  });
});
