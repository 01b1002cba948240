/**
 * Test side of the simulator: a fresh environment, vouchers drawn with its
 * issuer key, PIN blocks sealed to its PIN key, and a minimal signed client
 * that speaks the envelope of gateway.md.
 *
 * @module
 */
import { canonicalSignature } from '../../../src/sim/issuer/signing.js';
import { simAdminFetch } from '../../../src/sim/admin-client.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, FlattenedSign, importJWK, type JWK } from 'jose';
import { manualClock } from '../../../src/lib/clock.js';
import { sealPinBlock } from '../../../src/pin/seal.js';
import { readEnvKey, readEnvSettings, type EnvSettings } from '../../../src/sim/env.js';
import { initEnvironment, type PersonCase } from '../../../src/sim/init.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/sim/server.js';

/** 2026-11-22 10:00:00 in China. */
export const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);

export interface Env {
  dir: string;
  persons: PersonCase[];
  settings: EnvSettings;
  person(c: string): PersonCase;
}

export async function makeEnv(clock: () => number = () => T0): Promise<Env> {
  const dir = await mkdtemp(join(tmpdir(), 'yibao-sim-'));
  const { persons, settings } = await initEnvironment({ dir, clock });
  return {
    dir,
    persons,
    settings,
    person(c) {
      const p = persons.find((x) => x.case === c);
      if (!p) throw new Error(`no case ${c}`);
      return p;
    },
  };
}

let jtiCounter = 0;

export async function issue(
  dir: string,
  nowMs: number,
  sub: string,
  extra: { act?: { sub: string }; use?: 'pay' | 'id'; reg?: string; jti?: string; key?: 'issuer' | 'issuer-ed'; iatOffsetSec?: number } = {},
): Promise<{ text: string; jti: string }> {
  const keyName = extra.key ?? 'issuer';
  const jwk = await readEnvKey(dir, keyName, 'private');
  const settings = await readEnvSettings(dir);
  const alg = keyName === 'issuer' ? 'ES256' : 'EdDSA';
  const iat = Math.floor(nowMs / 1000) + (extra.iatOffsetSec ?? 0);
  const jti = extra.jti ?? `jti-${process.pid}-${++jtiCounter}-abcdefghijkl`;
  const claims = {
    iss: settings.issuerId,
    sub,
    iat,
    exp: iat + 60,
    jti,
    use: extra.use ?? 'pay',
    reg: extra.reg ?? settings.mdtrtAreaAdmvs,
    chn: 'nhsa-app',
    ...(extra.act ? { act: extra.act } : {}),
  };
  const { kid: _k, alg: _a, ...keyJwk } = jwk;
  const jws = canonicalSignature(
    await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg, kid: jwk.kid!, typ: 'ybv+jwt' })
      .sign(await importJWK(keyJwk, alg)),
  );
  return { text: `YBV1:${jws}`, jti };
}

export interface Answer {
  status: number;
  body: Record<string, unknown> & { infcode?: number; err_code?: string; output?: Record<string, unknown> };
}

/** A signed client for one terminal, without retries or mapping: tests see the raw answers. */
export class TestTerminal {
  signNo = '';
  private seq = 0;
  private key: CryptoKey | Uint8Array | undefined;

  constructor(
    readonly url: string,
    readonly env: Env,
    readonly clock: () => number,
    readonly terminalJwk: JWK,
  ) {}

  static async create(url: string, env: Env, clock: () => number): Promise<TestTerminal> {
    return new TestTerminal(url, env, clock, await readEnvKey(env.dir, 'terminal', 'private'));
  }

  newMsgid(): string {
    const d = new Date(this.clock() + 8 * 3600e3).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    this.seq += 1;
    // Sequence runs past 9999 in long tests: fold it into the time part.
    return `${this.env.settings.fixmedinsCode}${d.slice(0, 10)}${String(Math.floor(this.seq / 10000) % 10000).padStart(4, '0')}${String(this.seq % 10000).padStart(4, '0')}`;
  }

  envelope(infno: string, input: Record<string, unknown>, opts: { msgid?: string; insuplc?: string } = {}): Record<string, unknown> {
    const s = this.env.settings;
    return {
      infno,
      msgid: opts.msgid ?? this.newMsgid(),
      mdtrtarea_admvs: s.mdtrtAreaAdmvs,
      insuplc_admdvs: opts.insuplc ?? s.mdtrtAreaAdmvs,
      recer_sys_code: 'YBSIM',
      dev_no: s.devNo,
      infver: 'V1.0',
      opter_type: '1',
      opter: 'C001',
      opter_name: '收银员',
      inf_time: '2026-11-22 10:00:00',
      fixmedins_code: s.fixmedinsCode,
      fixmedins_name: s.fixmedinsName,
      sign_no: this.signNo,
      input,
    };
  }

  async sign(body: Uint8Array, jwk: JWK = this.terminalJwk): Promise<string> {
    const { kid, alg: _a, ...k } = jwk;
    const key = jwk === this.terminalJwk ? (this.key ??= await importJWK(k, 'ES256')) : await importJWK(k, 'ES256');
    const jws = await new FlattenedSign(body).setProtectedHeader({ alg: 'ES256', kid: kid! }).sign(key);
    return `${jws.protected}..${jws.signature}`;
  }

  async raw(body: Uint8Array | string, headers: Record<string, string> = {}, path = '/trans'): Promise<Answer> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-yb-signature': await this.sign(bytes), ...headers },
      body: Buffer.from(bytes),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed as Answer['body'] };
  }

  async send(infno: string, input: Record<string, unknown>, opts: { msgid?: string; insuplc?: string } = {}): Promise<Answer> {
    return this.raw(JSON.stringify(this.envelope(infno, input, opts)));
  }

  async signIn(): Promise<string> {
    const a = await this.send('9001', { signIn: { opter_no: 'C001', mac: '00:11:22:33:44:55', ip: '127.0.0.1' } });
    const out = a.body.output as { signinoutb: { sign_no: string } };
    this.signNo = out.signinoutb.sign_no;
    return this.signNo;
  }

  /** 2101/2102 input for `totalFen` as one line. */
  drugInput(
    psnNo: string,
    insutype: string,
    voucherText: string,
    totalFen: number,
    extra: { payerText?: string; pinBlock?: string; useAccount?: boolean } = {},
  ): Record<string, unknown> {
    const yuan = `${Math.trunc(totalFen / 100)}.${String(totalFen % 100).padStart(2, '0')}`;
    return {
      druginfo: {
        psn_no: psnNo,
        mdtrt_cert_type: '01',
        mdtrt_cert_no: voucherText,
        med_type: '41',
        medfee_sumamt: yuan,
        insutype,
        acct_used_flag: extra.useAccount === false ? '0' : '1',
        ...(extra.payerText ? { payer_cert_no: extra.payerText } : {}),
        invono: 'INV001',
      },
      drugdetail: [
        {
          feedetl_sn: '1',
          fee_ocur_time: '2026-11-22 10:00:00',
          med_list_codg: 'XA01AAA001',
          medins_list_codg: '6901234567892',
          cnt: 1,
          pric: yuan,
          det_item_fee_sumamt: yuan,
        },
      ],
      ...(extra.pinBlock ? { pin_blk: extra.pinBlock } : {}),
    };
  }

  /** A complete 2102 for a person case (mutual aid when `payer` is given), with a fresh voucher. */
  async settle(
    patient: PersonCase,
    totalFen: number,
    opts: { payer?: PersonCase; pin?: string; msgid?: string; voucher?: { text: string; jti: string }; act?: { sub: string } } = {},
  ): Promise<Answer & { msgid: string; voucher: { text: string; jti: string } }> {
    const now = this.clock();
    const voucher = opts.voucher ?? (await issue(this.env.dir, now, patient.sub, { reg: patient.reg, ...(opts.act ? { act: opts.act } : {}) }));
    const payerVoucher = opts.payer ? await issue(this.env.dir, now, opts.payer.sub, { reg: opts.payer.reg }) : undefined;
    const msgid = opts.msgid ?? this.newMsgid();
    const pinKey = await readEnvKey(this.env.dir, 'pin', 'public');
    const pinBlock = await sealPinBlock(opts.pin ?? (opts.payer ?? patient).pin, {
      jti: (payerVoucher ?? voucher).jti,
      msgid,
      amountFen: totalFen,
      pinKey,
      now,
    });
    const input = this.drugInput(patient.psn_no, patient.insutype, voucher.text, totalFen, {
      pinBlock,
      ...(payerVoucher ? { payerText: payerVoucher.text } : {}),
    });
    const answer = await this.send('2102', input, { msgid, insuplc: patient.reg });
    return { ...answer, msgid, voucher };
  }
}

export interface Running {
  env: Env;
  sim: Simulator;
  clock: ReturnType<typeof manualClock>;
  term: TestTerminal;
}

/** A fresh environment, a simulator on a manual clock, and a signed-in terminal. */
export async function running(options: Omit<SimulatorOptions, 'dir' | 'clock'> = {}): Promise<Running> {
  const clock = manualClock(T0);
  const env = await makeEnv(clock);
  const sim = await startSimulator({ ...options, dir: env.dir, clock });
  const term = await TestTerminal.create(sim.url, env, clock);
  await term.signIn();
  return { env, sim, clock, term };
}

/** The simulator's admin and notice routes take its admin token; others are plain. */
const fetchFor = (url: string, init?: RequestInit) => (/\/(admin\/|notices)/.test(new URL(url).pathname) ? simAdminFetch(url, init) : fetch(url, init));

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetchFor(url);
  return (await res.json()) as T;
}

export async function postJson(url: string, body: unknown, method = 'POST'): Promise<{ status: number; body: unknown }> {
  const res = await fetchFor(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
