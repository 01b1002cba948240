/**
 * `gateway init`: a complete local environment in DIR (layout in env.ts):
 * root, issuer (ES256 and EdDSA), PIN and terminal keys; the signed trust
 * list; and the ledger seeded with one insured person per case of the spec.
 *
 * @module
 */
import { idCardNo, socialCard } from './cards.js';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gatewayCredentialsFile, makeNational, platformSecretsFile } from './national-env.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { TrustedKey } from '../voucher/types.js';
import { generatePinKey, generateSigningKey, type KeyPairJwk } from './issuer/keys.js';
import { makeTrustList } from './issuer/trust-list.js';
import { writeTerminalSettings } from '../config/settings.js';
import { backofficeDevNo, backofficeKid, envPaths, tillKeyName, type EnvSettings, type KeyName, type TillSettings } from './env.js';
import type { Pharmacy } from '../gateway/types.js';
import { MAX_TILLS } from '../journal/till.js';
import { SimError } from './errors.js';
import { Ledger } from './ledger/ledger.js';
import { hashPin } from './pin-hash.js';
import { personSeeds } from './persons-seed.js';

/**
 * One row of `persons.json` and of `gateway init --json`.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface PersonCase {
  case: string;
  name: string;
  sub: string;
  psn_no: string;
  insutype: string;
  pin: string;
  /** 0 when the person has no personal account (`account: false`). */
  balanceFen: number;
  account: boolean;
  reg: string;
  /** family-member: vouchers for this person carry `act.sub` = this owner's sub. */
  actSub?: string;
  /** mutual-aid-member: the sub of the owner who bound this person. */
  boundBySub?: string;
  /** The person's resident id number: a card sale with `mdtrt_cert_type` 02. */
  idCardNo: string;
  /** The person's social security card: a card sale with `mdtrt_cert_type` 03 (`card_sn` = `cardSn`). */
  socialCard: { cardNo: string; cardSn: string };
}

/**
 * Options of `initEnvironment`: folder, clock, trust list `seq`, settings to override.
 *
 * Exported from `yibao-pos/sim`.
 */
export interface InitOptions {
  dir: string;
  clock?: Clock;
  /** `seq` of the first trust list, default 1. */
  seqStart?: number;
  /** Settings to override (pharmacy code, region…). */
  settings?: Partial<EnvSettings>;
  /**
   * How many tills the pharmacy has (default 1): one terminal key and dev_no each, all registered.
   * A list makes a chain: `[2, 1]` is two tills in the first pharmacy and one in a second,
   * numbered across the chain (tills 1, 2 in the first, 3 in the second).
   */
  tills?: number | readonly number[];
  /**
   * The wire the environment speaks: `ours` (default) or `national` (each
   * till also gets an SM2 key and a channel client id and secret, the chain a
   * paas id and token; simulator and terminal.json use the national profile).
   */
  profile?: 'ours' | 'national';
}

const DEFAULT_SETTINGS: EnvSettings = {
  rootId: 'nhsa-root',
  issuerId: 'nhsa',
  fixmedinsCode: 'P42010000001',
  fixmedinsName: '武汉健民大药房(模拟)',
  mdtrtAreaAdmvs: '420100',
  devNo: 'POS-0001',
  terminalKid: 'term-P42010000001-01',
};

const DAY_MS = 24 * 3600 * 1000;

function pharmacyFields(pharmacies: readonly Pharmacy[], code: string): Pharmacy {
  const p = pharmacies.find((x) => x.fixmedinsCode === code)!;
  return { fixmedinsCode: p.fixmedinsCode, fixmedinsName: p.fixmedinsName, mdtrtAreaAdmvs: p.mdtrtAreaAdmvs };
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

/** Till K's kid and dev_no: till 1 keeps the settings' own (environments made before tills had one). */
function tillOf(settings: EnvSettings, till: number, pharmacy: string): TillSettings {
  if (till === 1) return { till, kid: settings.terminalKid, devNo: settings.devNo, pharmacy };
  const n = String(till).padStart(2, '0');
  return { till, kid: `term-${pharmacy}-${n}`, devNo: `POS-${String(till).padStart(4, '0')}`, pharmacy };
}

/** Pharmacy K of a chain: the first is the settings' own; the next ones count up the code's digits. */
function pharmacyOf(settings: EnvSettings, k: number): Pharmacy {
  const own = { fixmedinsCode: settings.fixmedinsCode, fixmedinsName: settings.fixmedinsName, mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs };
  if (k === 1) return own;
  const m = /^(.*?)(\d+)$/.exec(settings.fixmedinsCode);
  const code = m ? `${m[1]}${String(Number(m[2]) + k - 1).padStart(m[2]!.length, '0')}` : `${settings.fixmedinsCode}-${k}`;
  return { ...own, fixmedinsCode: code, fixmedinsName: `${settings.fixmedinsName.replace(/\(模拟\)$/, '')}${k}号店(模拟)` };
}

/** The till counts per pharmacy, checked: each at least 1, at most MAX_TILLS in the whole chain (the msgid blocks). */
function tillCounts(tills: number | readonly number[] | undefined): number[] {
  const counts = typeof tills === 'number' ? [tills] : tills === undefined ? [1] : [...tills];
  const total = counts.reduce((a, b) => a + b, 0);
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1) || total > MAX_TILLS) {
    throw new SimError('SIM_TILLS_INVALID', { details: { tills: counts.join(','), max: MAX_TILLS } });
  }
  return counts;
}

/**
 * Makes a complete local environment in a folder: keys, a signed trust list, a seeded ledger with one insured person per case, and the terminal's `terminal.json` (with one entry per till when there are several).
 *
 * Exported from `yibao-pos/sim`.
 *
 * @param options The folder, and optionally clock, first trust list `seq`, number of tills and settings to override.
 * @example
 * ```ts
 * import { initEnvironment } from 'yibao-pos/sim';
 * const { persons } = await initEnvironment({ dir: './env' });
 * console.log(persons.find((p) => p.case === 'employee')?.pin);
 * ```
 */
export async function initEnvironment(options: InitOptions): Promise<{ persons: PersonCase[]; settings: EnvSettings }> {
  const clock = options.clock ?? systemClock;
  const counts = tillCounts(options.tills);
  const paths = envPaths(options.dir);
  if (await stat(paths.settings).then(() => true, () => false)) throw new SimError('SIM_ENV_EXISTS', { details: { dir: options.dir } });
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const base: EnvSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const pharmacies = counts.map((_, i) => pharmacyOf(base, i + 1));
  const tills: TillSettings[] = [];
  counts.forEach((n, p) => {
    for (let i = 0; i < n; i++) tills.push(tillOf(base, tills.length + 1, pharmacies[p]!.fixmedinsCode));
  });
  const national = options.profile === 'national' ? makeNational(tills.map((t) => ({ ...t, pharmacy: t.pharmacy! }))) : undefined;
  const settings: EnvSettings = {
    ...base,
    tills,
    ...(pharmacies.length > 1 ? { pharmacies } : {}),
    ...(national ? { gatewayProfile: 'national' as const, national: national.settings } : {}),
  };
  const now = clock();
  const nowSec = Math.floor(now / 1000);

  const keys = {
    root: await generateSigningKey('ES256', 'root-1'),
    issuer: await generateSigningKey('ES256', 'issuer-es-1'),
    'issuer-ed': await generateSigningKey('EdDSA', 'issuer-ed-1'),
    pin: await generatePinKey('pin-1'),
    // The chain's back office signs its own 3201/3202/9101/9102 (not with a till's key).
    backoffice: await generateSigningKey('ES256', 'backoffice'),
  } satisfies Partial<Record<KeyName, KeyPairJwk>>;
  const tillKeys = new Map<number, KeyPairJwk>();
  for (const t of tills) tillKeys.set(t.till, await generateSigningKey('ES256', t.kid));
  const files: Array<[KeyName, KeyPairJwk]> = [...(Object.entries(keys) as Array<[KeyName, KeyPairJwk]>), ...tills.map((t): [KeyName, KeyPairJwk] => [tillKeyName(t.till), tillKeys.get(t.till)!])];
  for (const [name, k] of files) {
    await writeJson(paths.key(name, 'private'), k.privateJwk);
    await writeJson(paths.key(name, 'public'), k.publicJwk);
  }

  const seeds = personSeeds(settings.mdtrtAreaAdmvs);
  const trust = await makeTrustList({
    rootKey: keys.root.privateJwk,
    iss: settings.rootId,
    iat: nowSec,
    exp: nowSec + 30 * 24 * 3600,
    seq: options.seqStart ?? 1,
    keys: [
      { ...keys.issuer.publicJwk, iss: settings.issuerId } as TrustedKey,
      { ...keys['issuer-ed'].publicJwk, iss: settings.issuerId } as TrustedKey,
    ],
    frozen: seeds.filter((s) => s.frozenOffline).map((s) => s.sub),
    pinKey: keys.pin.publicJwk,
  });
  await writeFile(paths.trust, `${trust}\n`, { mode: 0o600 });

  const bySub = (c: string): string => seeds.find((s) => s.case === c)!.sub;
  const byPsn = (c: string): string => seeds.find((s) => s.case === c)!.psn_no;
  // scrypt runs in the thread pool, before the one synchronous seeding transaction.
  const verifiers = new Map(await Promise.all(seeds.map(async (s) => [s.sub, await hashPin(s.pin)] as const)));
  const ledger = await Ledger.open(paths.ledger);
  try {
    ledger.atomic(() => {
      for (const t of tills) ledger.addTerminal(t.kid, tillKeys.get(t.till)!.publicJwk, t.pharmacy!, t.devNo);
      for (const p of pharmacies) ledger.addTerminal(backofficeKid(p.fixmedinsCode), keys.backoffice.publicJwk, p.fixmedinsCode, backofficeDevNo(p.fixmedinsCode));
      for (const s of seeds) {
        ledger.addPerson({
          psn_no: s.psn_no,
          name: s.name,
          certno: `${s.reg}**********${s.psn_no.slice(-4)}`,
          insutype: s.insutype,
          reg: s.reg,
          enrolled: s.enrolled === false ? 0 : 1,
          suspended: s.suspended ? 1 : 0,
        });
        const { salt, hash } = verifiers.get(s.sub)!;
        ledger.addCredential({ sub: s.sub, psn_no: s.psn_no, frozen: s.frozenOnline ? 1 : 0, pin_salt: salt, pin_hash: hash });
        if (s.balanceFen !== undefined) ledger.addAccount(s.psn_no, s.balanceFen);
      }
      // The binding is older than the 3-month lock, as the cases require.
      ledger.addBinding(byPsn('mutual-aid-owner'), byPsn('mutual-aid-member'), now - 120 * DAY_MS);
      ledger.addFamilyLink(bySub('family-owner'), bySub('family-member'), now - 30 * DAY_MS);
    });
  } finally {
    ledger.close();
  }

  const persons: PersonCase[] = seeds.map((s) => ({
    case: s.case,
    name: s.name,
    sub: s.sub,
    psn_no: s.psn_no,
    insutype: s.insutype,
    pin: s.pin,
    balanceFen: s.balanceFen ?? 0,
    account: s.balanceFen !== undefined,
    reg: s.reg,
    ...(s.case === 'family-member' ? { actSub: bySub('family-owner') } : {}),
    ...(s.case === 'mutual-aid-member' ? { boundBySub: bySub('mutual-aid-owner') } : {}),
    idCardNo: idCardNo(s),
    socialCard: socialCard(s),
  }));
  await writeJson(paths.persons, persons);
  if (national) {
    await writeJson(platformSecretsFile(options.dir), national.platform);
    for (const [till, c] of national.credentials) await writeJson(join(options.dir, gatewayCredentialsFile(till)), c);
  }
  // The terminal's own settings file (config/settings.ts), with the default layout's paths.
  await writeTerminalSettings(options.dir, {
    // A test pharmacist on duty: 3505/3506 name one (phar_name, phar_prac_cert_no).
    pharmacist: { name: '李药师(模拟)', certNo: 'YS420100000001' },
    gateway: {
      fixmedinsCode: settings.fixmedinsCode,
      fixmedinsName: settings.fixmedinsName,
      mdtrtAreaAdmvs: settings.mdtrtAreaAdmvs,
      devNo: settings.devNo,
      ...(settings.url ? { url: settings.url } : {}),
      ...(national ? { profile: 'national' } : {}),
    },
    ...(national ? { gatewayCredentials: gatewayCredentialsFile(1) } : {}),
    // Till 1 is the top-level settings (the layout before tills); the others have their own key, dev_no and state.
    ...(tills.length > 1
      ? {
          tills: tills.map((t) => ({
            till: t.till,
            // A till of another pharmacy of the chain names its own pharmacy.
            ...(t.pharmacy === settings.fixmedinsCode ? {} : pharmacyFields(pharmacies, t.pharmacy!)),
            devNo: t.devNo,
            terminalKey: relative(options.dir, paths.key(tillKeyName(t.till), 'private')),
            terminalKid: t.kid,
            stateDir: t.till === 1 ? 'terminal' : `terminal-${t.till}`,
            ...(national ? { gatewayCredentials: gatewayCredentialsFile(t.till) } : {}),
          })),
        }
      : {}),
  });
  await writeJson(paths.settings, settings);
  return { persons, settings };
}
