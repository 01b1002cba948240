/**
 * The sign-in lifecycle as real clients have it: per operator and per China
 * local day, single-flight, 9002 for each open sign-in at `close()`, bounded
 * by a timeout; the transition table refuses any other move.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GatewayClient, type GatewayClientOptions } from '../../src/gateway/client.js';
import { SIGN_IN_NEXT, SignInRecord } from '../../src/gateway/sign-in.js';
import { manualClock } from '../../src/lib/clock.js';
import type { Logger } from '../../src/lib/log.js';
import { failure, useCleanup } from './helpers/failure.js';
import { answer, ok, setlinfo, startFakeGateway, terminalKeys, type Handler } from './helpers/fake-gateway.js';
import type { SettleRequest } from '../../src/gateway/types.js';

const CODE = 'P42010000001';
const T = Date.UTC(2026, 10, 22, 15, 59, 0); // 23:59:00 in Shanghai
let keys: Awaited<ReturnType<typeof terminalKeys>>;
beforeAll(async () => {
  keys = await terminalKeys('term-7');
});
const cleanup = useCleanup();

const sale: SettleRequest = { voucherText: 'V', psnNo: 'PSN1', insutype: '310', insuplcAdmdvs: '420100', items: [{ code: 'XA01', qty: 1, priceFen: 2680 }], totalFen: 2680 };

/** A gateway that numbers its sign-ins S1, S2, … and answers every other message with a split. */
function numbering(): Handler {
  let n = 0;
  return (got, res) => {
    if (got.envelope.infno === '9001') return answer(res, ok({ signinoutb: { sign_time: 't', sign_no: `S${++n}` } }));
    if (got.envelope.infno === '9002') return answer(res, ok({}));
    answer(res, ok({ setlinfo }));
  };
}

async function setup(handler: Handler, extra: Partial<GatewayClientOptions> = {}) {
  const gw = await startFakeGateway(handler);
  const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { log: (_level, message, fields) => lines.push({ message, ...(fields ? { fields } : {}) }) };
  const clock = manualClock(T);
  const client = new GatewayClient({ url: gw.url, terminalKey: keys.priv, fixmedinsCode: CODE, fixmedinsName: '测试大药房', mdtrtAreaAdmvs: '420100', devNo: 'POS-01', opter: 'C001', opterName: '张三', clock, timeoutMs: 2000, logger, ...extra });
  cleanup.push(() => gw.close(), () => client.close());
  const seen = () => gw.received.map((r) => [r.envelope.infno, r.envelope.opter, r.envelope.sign_no]);
  return { gw, client, clock, lines, seen };
}

describe('the sign-in lifecycle', () => {
  it('moves only through its transition table', () => {
    const r = new SignInRecord('C001', '张三', '20261122');
    expect(() => r.move('signing-out')).toThrow(expect.objectContaining({ code: 'GATEWAY_SIGN_IN_ILLEGAL_TRANSITION' }));
    r.move('open', { signNo: 'S1', signTime: 't' });
    r.move('expired');
    expect(() => r.move('open')).toThrow(expect.objectContaining({ code: 'GATEWAY_SIGN_IN_ILLEGAL_TRANSITION' }));
    for (const end of ['failed', 'expired', 'signed-out'] as const) expect(SIGN_IN_NEXT[end]).toEqual([]);
  });

  it('a new China local day signs in anew before the next sale', async () => {
    const { client, clock, seen, gw } = await setup(numbering());
    await client.preSettle(sale);
    clock.advance(60_000); // 00:00:00 of the next day in Shanghai (16:00 UTC)
    await client.preSettle(sale);
    await client.preSettle(sale);
    expect(seen()).toEqual([
      ['9001', 'C001', ''],
      ['2101', 'C001', 'S1'],
      ['9001', 'C001', ''],
      ['2101', 'C001', 'S2'],
      ['2101', 'C001', 'S2'],
    ]);
    expect(gw.received[2]!.envelope.inf_time).toBe('2026-11-23 00:00:00');
  });

  it('each operator signs in on their own, once a day; close signs out each open sign-in as its operator', async () => {
    const { client, seen, gw } = await setup(numbering());
    await client.preSettle(sale);
    client.setOperator('C002', '李四');
    await client.preSettle(sale);
    expect(client.signNo).toBe('S2');
    client.setOperator('C001', '张三');
    await client.preSettle(sale);
    expect(seen()).toEqual([
      ['9001', 'C001', ''],
      ['2101', 'C001', 'S1'],
      ['9001', 'C002', ''],
      ['2101', 'C002', 'S2'],
      ['2101', 'C001', 'S1'],
    ]);
    expect(gw.received[2]!.envelope.input).toMatchObject({ signIn: { opter_no: 'C002' } });
    expect(gw.received[3]!.envelope.opter_name).toBe('李四');
    await client.close();
    const outs = gw.received.slice(5).map((r) => [r.envelope.infno, r.envelope.opter, r.envelope.sign_no, r.envelope.input]);
    expect(outs).toEqual(
      expect.arrayContaining([
        ['9002', 'C001', 'S1', { signOut: { sign_no: 'S1', opter_no: 'C001' } }],
        ['9002', 'C002', 'S2', { signOut: { sign_no: 'S2', opter_no: 'C002' } }],
      ]),
    );
    expect(outs).toHaveLength(2);
    expect((await failure(client.preSettle(sale))).code).toBe('GATEWAY_CLOSED');
  });

  it('concurrent sales of a new day share one sign-in', async () => {
    const { client, clock, seen } = await setup(numbering());
    await client.signIn();
    clock.advance(60_000);
    await Promise.all([client.preSettle(sale), client.preSettle(sale), client.preSettle(sale)]);
    expect(seen().filter(([infno]) => infno === '9001')).toEqual([
      ['9001', 'C001', ''],
      ['9001', 'C001', ''],
    ]);
    expect(seen().filter(([infno]) => infno === '2101').map(([, , signNo]) => signNo)).toEqual(['S2', 'S2', 'S2']);
  });

  it('close never hangs on a dead gateway: the sign-out is given up after its timeout and logged, not thrown', async () => {
    const held: Array<() => void> = [];
    const base = numbering();
    const { client, lines, gw } = await setup(
      (got, res, req) => {
        // The gateway dies after the sale: 9002 never gets an answer.
        if (got.envelope.infno === '9002') return void held.push(() => res.destroy());
        return base(got, res, req);
      },
      { signOutTimeoutMs: 150 },
    );
    cleanup.push(async () => held.forEach((end) => end()));
    await client.preSettle(sale);
    await client.close();
    expect(gw.received.map((r) => r.envelope.infno)).toEqual(['9001', '2101', '9002']);
    expect(lines.find((l) => l.message === 'sign-out at close failed')?.fields).toMatchObject({ opter: 'C001' });
  });

  it('close with no sign-in open sends nothing; a sign-in of an earlier day is not signed out', async () => {
    const { client, gw } = await setup(numbering());
    await client.close();
    expect(gw.received).toEqual([]);
    const second = await setup(numbering());
    await second.client.signIn();
    second.clock.advance(24 * 3600_000);
    await second.client.close();
    expect(second.gw.received.map((r) => r.envelope.infno)).toEqual(['9001']);
  });
});
