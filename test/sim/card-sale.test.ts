/**
 * Sales with a card read by the POS instead of a QR code, through the SDK
 * (GatewayClient + SettlementJournal) under both wires: `mdtrt_cert_type` 02
 * (resident id card: its number) and 03 (social security card: its number
 * and `card_sn`). 1101 finds the holder, 2101 quotes, 2102 books with the
 * PIN block bound to the card's number; a card is not single-use; a card
 * whose `card_sn` is not its own is refused with nothing charged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../src/gateway/client.js';
import type { PersonInfoRequest, SettleRequest } from '../../src/gateway/types.js';
import { SettlementJournal } from '../../src/journal/journal.js';
import { sealPinBlock } from '../../src/pin/seal.js';
import { simAdminFetch } from '../../src/sim/admin-client.js';
import { readEnvKey } from '../../src/sim/env.js';
import { createGatewayClientFromEnv } from '../../src/sim/gateway-from-env.js';
import { initEnvironment, type PersonCase } from '../../src/sim/init.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';

describe.each(['ours', 'national'] as const)('card sales under the %s wire', (wire) => {
  let dir: string;
  let sim: Simulator;
  let persons: PersonCase[];
  let client: GatewayClient;
  let journal: SettlementJournal;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yibao-card-'));
    ({ persons } = await initEnvironment({ dir, profile: wire }));
    sim = await startSimulator({ dir, port: 0 });
    journal = await SettlementJournal.open(join(dir, 'journal.db'));
    client = await createGatewayClientFromEnv(dir, { url: sim.url, sequence: journal.sequence() });
  });
  afterAll(async () => {
    await client.close();
    await journal.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const employee = () => persons.find((x) => x.case === 'employee')!;
  const balance = async (p: PersonCase) => ((await (await simAdminFetch(`${sim.url}/admin/accounts`)).json()) as Array<{ psn_no: string; balanceFen: number }>).find((a) => a.psn_no === p.psn_no)!.balanceFen;

  /** What a POS does with a card read: 1101, 2101, then 2102 through the journal with the PIN bound to the card number. */
  async function cardSale(card: PersonInfoRequest, p: PersonCase, totalFen: number) {
    const info = await client.personInfo(card);
    const insurance = info.insurances[0]!;
    const req: SettleRequest = {
      voucherText: card.mdtrtCertNo,
      mdtrtCertType: card.mdtrtCertType!,
      ...(card.cardSn !== undefined ? { cardSn: card.cardSn } : {}),
      psnNo: info.psnNo,
      insutype: insurance.insutype,
      insuplcAdmdvs: insurance.insuplcAdmdvs,
      items: [{ code: 'XJ01', qty: 1, priceFen: totalFen }],
      totalFen,
    };
    const quote = await client.preSettle(req);
    const msgid = client.newMsgid();
    const pinBlock = await sealPinBlock(p.pin, { jti: card.mdtrtCertNo, msgid, amountFen: totalFen, pinKey: await readEnvKey(dir, 'pin', 'public'), now: Date.now() });
    const paid = await journal.settle(client, { ...req, pinBlock }, { msgid, jti: card.mdtrtCertNo });
    return { info, quote, paid, msgid };
  }

  it('02: a resident id card pays, twice (a card is not single-use)', async () => {
    const p = employee();
    const start = await balance(p);
    const card: PersonInfoRequest = { mdtrtCertType: '02', mdtrtCertNo: p.idCardNo };
    const first = await cardSale(card, p, 350);
    expect(first.info.psnNo).toBe(p.psn_no);
    expect(first.paid).toMatchObject({ totalFen: 350, acctPayFen: first.quote.acctPayFen });
    const second = await cardSale(card, p, 120);
    expect(second.paid.totalFen).toBe(120);
    expect(journal.get(first.msgid)?.state).toBe('booked');
    expect(await balance(p)).toBe(start - first.paid.acctPayFen - second.paid.acctPayFen);
    expect(first.paid.acctPayFen + second.paid.acctPayFen).toBeGreaterThan(0);
  });

  it('03: a social security card pays with its card_sn; another card_sn is refused, nothing charged', async () => {
    const p = employee();
    const start = await balance(p);
    const card: PersonInfoRequest = { mdtrtCertType: '03', mdtrtCertNo: p.socialCard.cardNo, cardSn: p.socialCard.cardSn };
    const sale = await cardSale(card, p, 260);
    expect(sale.info.psnNo).toBe(p.psn_no);
    expect(sale.paid.totalFen).toBe(260);
    expect(await balance(p)).toBe(start - sale.paid.acctPayFen);
    const forged = { ...card, cardSn: '0'.repeat(32) };
    await expect(client.personInfo(forged)).rejects.toMatchObject({ outcome: 'refused', errMsg: expect.stringContaining('卡识别码不符') });
    expect(await balance(p)).toBe(start - sale.paid.acctPayFen);
  });

  it('an id number nobody holds is not enrolled', async () => {
    await expect(client.personInfo({ mdtrtCertType: '02', mdtrtCertNo: '42010019800101999X' })).rejects.toMatchObject({ code: 'GATEWAY_NOT_ENROLLED' });
  });
});
