/**
 * Gateway profiles: the national profile's wire (service path, paas headers,
 * envelope extras, SM2 over `input` with the client id as user id, SM4 both
 * ways), the HMAC `_api_*` and OAuth header signings, PIN-block carriage,
 * and answers whose `output` is a JSON string or SM4-encrypted.
 */
import { describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/gateway/client.js';
import { hmacHeaders, paasHeaders } from '../../src/gateway/profile/headers.js';
import { NATIONAL_PROFILE, resolveGatewayProfile } from '../../src/gateway/profile/profiles.js';
import { toSettleInput } from '../../src/gateway/transactions/drug-input.js';
import { openInputSm2, sealOutput } from '../../src/gateway/security/input-sm2.js';
import { deriveSm4Key, sm2KeyPair } from '../../src/gateway/security/sm2.js';
import type { SettleRequest } from '../../src/gateway/types.js';
import { answer, ok, startFakeGateway, terminalKeys } from './helpers/fake-gateway.js';

const base = { fixmedinsCode: 'P42010000001', fixmedinsName: '测试药房', mdtrtAreaAdmvs: '420100', devNo: 'POS-0001' };
const signIn = { signinoutb: { sign_no: 'S1', sign_time: '2026-11-22 10:00:00' } };
const CLIENT_ID = '0F0822652EB7CB91A644E638FBE9941E';
const SECRET = '30BFE2B0C715E516E5EDF21E289DA826';

describe('header signings', () => {
  it('paas: x-tif-signature is SHA-256 of timestamp + token + nonce + timestamp (seconds)', () => {
    // Expected value computed apart: printf '%s' '1700000000tok-123nonce-11700000000' | sha256sum
    expect(paasHeaders({ paasid: 'p1', token: 'tok-123' }, 1_700_000_000_999, 'nonce-1')).toEqual({
      'x-tif-paasid': 'p1',
      'x-tif-timestamp': '1700000000',
      'x-tif-nonce': 'nonce-1',
      'x-tif-signature': '6329f585e6ca2278cea14f50529f1e42c986fa13a2e30da4669a0587a8142e3c',
    });
  });

  it('hmac: the _api_* signature matches a published known answer (csbgo test vector)', () => {
    const h = hmacHeaders({ accessKey: 'ak', secretKey: 'sk', apiVersion: 'vcsb' }, 'PING', 1234567890123, { a: '1', b: '2' });
    expect(h._api_signature).toBe('FJZJ2EhieLec7iJQXe8XzuE9kL4=');
    expect(h).toMatchObject({ _api_name: 'PING', _api_version: 'vcsb', _api_timestamp: '1234567890123', _api_access_key: 'ak' });
  });

  it('a profile is data: named, or a named one with fields changed; a bad field is named', () => {
    expect(resolveGatewayProfile('national').servicePath).toBe('/fsi/api/rsfComIfsService/callService');
    expect(resolveGatewayProfile({ base: 'national', headerSigning: 'hmac' })).toMatchObject({ headerSigning: 'hmac', sm2: 'input' });
    expect(() => resolveGatewayProfile({ base: 'national', pinBlock: 'header' as never })).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'profile.pinBlock' }) }));
    expect(() => resolveGatewayProfile('provincial')).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
  });
});

describe('PIN block carriage', () => {
  const req: SettleRequest = { voucherText: 'TOKEN1', psnNo: 'P1', insutype: '310', insuplcAdmdvs: '420100', items: [{ code: 'X', qty: 1, priceFen: 100 }], totalFen: 100, pinBlock: 'a.b.c.d.e' };
  it('input (ours), druginfo, or none: a 2102 without a PIN block is refused only where one travels', () => {
    expect(toSettleInput(req, '2102', '2026-11-22 10:00:00', 'input').pin_blk).toBe('a.b.c.d.e');
    const d = toSettleInput(req, '2102', '2026-11-22 10:00:00', 'druginfo');
    expect([d.pin_blk, d.druginfo.pin_blk]).toEqual([undefined, 'a.b.c.d.e']);
    const { pinBlock: _p, ...without } = req;
    expect(() => toSettleInput(without, '2102', '2026-11-22 10:00:00', 'input')).toThrow(expect.objectContaining({ code: 'GATEWAY_REQUEST_INVALID' }));
    const none = toSettleInput(without, '2102', '2026-11-22 10:00:00', 'none');
    expect(JSON.stringify(none)).not.toContain('pin_blk');
  });

  it('mdtrt_cert_type 02 (id card) and 03 (social security card with card_sn)', () => {
    const id = toSettleInput({ ...req, mdtrtCertType: '02', voucherText: '420102199001011234' }, '2101', '2026-11-22 10:00:00');
    expect(id.druginfo).toMatchObject({ mdtrt_cert_type: '02', mdtrt_cert_no: '420102199001011234' });
    expect(() => toSettleInput({ ...req, mdtrtCertType: '03', voucherText: 'C1' }, '2101', 't')).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'cardSn' }) }));
    expect(toSettleInput({ ...req, mdtrtCertType: '03', voucherText: 'C1', cardSn: 'SN9' }, '2101', '2026-11-22 10:00:00').druginfo).toMatchObject({ mdtrt_cert_type: '03', card_sn: 'SN9' });
  });
});

describe('national profile on the wire', () => {
  it('service path, x-tif headers, envelope extras, SM2 over input with the client id, SM4 both ways', async () => {
    const sm2 = sm2KeyPair();
    const key = deriveSm4Key(CLIENT_ID, SECRET);
    const gw = await startFakeGateway(async (got, res, req) => {
      expect(req.url).toBe('/fsi/api/rsfComIfsService/callService');
      const { envelope } = await openInputSm2(got.envelope, (s) => (s.appId === CLIENT_ID ? { publicKeyHex: sm2.publicKeyHex, clientId: CLIENT_ID, secret: SECRET } : undefined));
      const output = envelope.infno === '9001' ? signIn : { baseinfo: { psn_no: 'P1', psn_name: '张*', certno: '4201**' }, insuinfo: [{ insutype: '310', balc: 10, psn_insu_stas: '1', insuplc_admdvs: '420100' }] };
      answer(res, { ...ok(sealOutput(output, key)), enc_type: 'SM4', cainfo: '', signtype: '' });
    });
    try {
      const client = new GatewayClient({
        ...base,
        url: gw.url,
        profile: 'national',
        credentials: { paas: { paasid: 'paas-1', token: 'tok' }, sm2: { privateKeyHex: sm2.privateKeyHex, clientId: CLIENT_ID, secret: SECRET } },
        headerNonce: () => 'n-1',
        clock: () => 1_795_000_000_000,
      });
      const person = await client.personInfo('TOKEN-1');
      expect(person.psnNo).toBe('P1');
      const sent = gw.received[1]!;
      expect(sent.headers).toMatchObject({ 'x-tif-paasid': 'paas-1', 'x-tif-timestamp': '1795000000', 'x-tif-nonce': 'n-1' });
      expect(sent.envelope).toMatchObject({ dev_safe_info: '', signtype: 'SM2', enc_type: 'SM4', app_id: CLIENT_ID });
      expect(typeof sent.envelope.input).toBe('string');
      expect(sent.raw.toString('utf8')).not.toContain('TOKEN-1');
      await client.close();
    } finally {
      await gw.close();
    }
  });

  it('an output sent as a JSON string (unencrypted) is read; an SM4 output under the wrong key is an unknown outcome', async () => {
    const keys = await terminalKeys();
    let reply: (infno: string) => unknown = () => ok(JSON.stringify(signIn));
    const gw = await startFakeGateway((got, res) => answer(res, reply(got.envelope.infno)));
    try {
      const client = new GatewayClient({ ...base, url: gw.url, terminalKey: keys.priv });
      expect((await client.signIn()).signNo).toBe('S1');
      expect(gw.received[0]!.envelope).not.toHaveProperty('dev_safe_info');
      await client.close();
      const sm2 = sm2KeyPair();
      const national = new GatewayClient({ ...base, url: gw.url, profile: { base: 'national', headerSigning: 'none' }, credentials: { sm2: { privateKeyHex: sm2.privateKeyHex, clientId: CLIENT_ID, secret: SECRET } } });
      reply = () => ok(sealOutput(signIn, deriveSm4Key(CLIENT_ID, 'another-secret-0123456789')));
      await expect(national.signIn()).rejects.toMatchObject({ code: 'GATEWAY_UNKNOWN_OUTCOME', outcome: 'unknown' });
      await national.close();
    } finally {
      await gw.close();
    }
  });

  it('hmac: each message carries _api_* headers named for its transaction', async () => {
    const gw = await startFakeGateway((_got, res) => answer(res, ok(signIn)));
    try {
      const client = new GatewayClient({ ...base, url: gw.url, profile: { base: 'ours', headerSigning: 'hmac' }, credentials: { hmac: { accessKey: 'ak', secretKey: 'sk' } }, clock: () => 1_795_000_000_123 });
      await client.signIn();
      const h = gw.received[0]!.headers;
      expect(h).toMatchObject({ _api_name: '9001', _api_timestamp: '1795000000123', _api_access_key: 'ak' });
      expect(h._api_signature).toBe(hmacHeaders({ accessKey: 'ak', secretKey: 'sk' }, '9001', 1_795_000_000_123)._api_signature);
      await client.close();
    } finally {
      await gw.close();
    }
  });

  it('oauth: the password-grant token is fetched once, renewed when the clock passes its expiry, and after a 401', async () => {
    let now = 1_795_000_000_000;
    let issued = 0;
    const gw = await startFakeGateway((got, res, req) => {
      if (req.url === '/oauth/token') {
        const form = new URLSearchParams(got.raw.toString('utf8'));
        expect([form.get('grant_type'), form.get('username'), form.get('password')]).toEqual(['password', 'pos', 'pw']);
        issued++;
        answer(res, { access_token: `t${issued}`, token_type: 'bearer', expires_in: 600 });
        return;
      }
      if (got.headers.authorization === 'Bearer t2' && issued === 2 && got.envelope.infno === '1101') {
        answer(res, { error: 'token revoked' }, 401);
        return;
      }
      answer(res, ok(signIn));
    });
    // The fake parses every body as JSON: the token request's form is read from raw bytes instead.
    try {
      const client = new GatewayClient({
        ...base,
        url: gw.url,
        profile: { base: 'ours', headerSigning: 'oauth' },
        credentials: { oauth: { tokenUrl: `${gw.url}/oauth/token`, username: 'pos', password: 'pw' } },
        clock: () => now,
      });
      await client.signIn();
      await client.signIn();
      expect(issued).toBe(1);
      now += 541_000; // within the 60 s margin of the 600 s expiry
      await client.signIn();
      expect(issued).toBe(2);
      const calls = gw.received.filter((r) => r.envelope.infno === '9001').map((r) => r.headers.authorization);
      expect(calls).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t2']);
      await expect(client.personInfo('X')).rejects.toMatchObject({ code: 'GATEWAY_UNAUTHORIZED' });
      await client.signIn();
      expect(issued).toBe(3);
      await client.close();
    } finally {
      await gw.close();
    }
  });
});
