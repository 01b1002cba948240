/**
 * The terminal's settings file, `terminal.json` in the terminal's folder:
 * the pharmacy as the gateway knows it, and where the terminal key, the
 * pinned root key, the shipped trust list and the terminal's own state live.
 * Paths are relative to the folder unless absolute. `gateway init` writes
 * one; `checkout`, `journal` and `verify` read it.
 *
 *     {
 *       "gateway": { "url": "https://…", "fixmedinsCode": "P42010000001",
 *                    "fixmedinsName": "…", "mdtrtAreaAdmvs": "420100", "devNo": "POS-0001" },
 *       "terminalKey": "keys/terminal.private.jwk",
 *       "rootKey": "keys/root.public.jwk",
 *       "trustList": "trust.jws",
 *       "stateDir": "terminal"
 *     }
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Pharmacy } from '../gateway/types.js';
import { writeFileAtomic } from '../voucher/atomic-file.js';
import { ConfigError } from './errors.js';

/**
 * The pharmacy and the terminal as the settlement gateway knows them.
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import type { TerminalGatewaySettings } from 'yibao-pos';
 * const gateway: TerminalGatewaySettings = {
 *   url: 'https://gateway.example', fixmedinsCode: 'P42010000001',
 *   fixmedinsName: '健民大药房', mdtrtAreaAdmvs: '420100', devNo: 'POS-0001',
 * };
 * ```
 */
export interface TerminalGatewaySettings extends Pharmacy {
  /** Gateway base URL; may be left out and given on the command line (`--gateway`). */
  url?: string;
  /** The till (`dev_no`). */
  devNo: string;
  /** The terminal key's `kid`, when the JWK file does not carry one. */
  terminalKid?: string;
  /** The gateway profile (gateway/profile): `ours` (default) or `national`. */
  profile?: string;
}

/**
 * The content of `terminal.json`, with defaults filled in. Paths are as
 * written (relative to the terminal's folder unless absolute); see
 * {@link terminalFiles} for them resolved. Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import { readTerminalSettings } from 'yibao-pos';
 * const s: TerminalSettings = await readTerminalSettings('/var/lib/pos');
 * console.log(s.gateway.devNo, s.stateDir);
 * ```
 */
export interface TerminalSettings {
  gateway: TerminalGatewaySettings;
  /** The terminal's private signing JWK (default `keys/terminal.private.jwk`). */
  terminalKey: string;
  /** The pinned root public JWK that signs trust lists (default `keys/root.public.jwk`). */
  rootKey: string;
  /** The signed trust list shipped with the terminal, used until a newer one is stored (default `trust.jws`). */
  trustList: string;
  /** Where newer trust lists are fetched from, when the terminal refreshes them. */
  trustUrl?: string;
  /** The terminal's own state: stored trust list, replay guard (default `terminal`). */
  stateDir: string;
  /** The settlement journal (default `<stateDir>/journal.db`). */
  journal?: string;
  /** The secrets the gateway profile needs (paas token, SM2 key, channel secret…), a JSON file of `GatewayCredentials`. */
  gatewayCredentials?: string;
  /**
   * The pharmacy's tills when it has several (`gateway init --tills N`):
   * each has its own key, dev_no, state folder and journal, picked with
   * `--till K` (the top-level settings are till 1's). The till number also
   * gives the journal its block of the msgid sequence.
   */
  tills?: TerminalTillSettings[];
  /** The pharmacist on duty (`phar_name`, `phar_prac_cert_no` of every 3505/3506); `gateway init` writes a test one. */
  pharmacist?: { name: string; certNo: string };
  /** The local catalogue (own item code → national code), default `<stateDir>/catalog.db`. */
  catalog?: string;
}

/**
 * One till of a pharmacy with several, as `terminal.json` lists it under `tills`.
 * Paths are relative to the terminal's folder unless absolute. A till of
 * another pharmacy of the chain gives that pharmacy's code, name and region
 * (default: the top-level `gateway`'s).
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import type { TerminalTillSettings } from 'yibao-pos';
 * const till2: TerminalTillSettings = { till: 2, devNo: 'POS-0002', terminalKey: 'keys/terminal-2.private.jwk', stateDir: 'terminal-2' };
 * ```
 */
export interface TerminalTillSettings extends Partial<Pharmacy> {
  /** The till's number, 1-based. */
  till: number;
  /** The till's `dev_no`. */
  devNo: string;
  /** The till's private signing JWK. */
  terminalKey: string;
  /** The till key's `kid`, when the JWK file does not carry one. */
  terminalKid?: string;
  /** The till's own state (stored trust list, journal). */
  stateDir: string;
  /** The till's journal (default `<stateDir>/journal.db`). */
  journal?: string;
  /** The till's own gateway credentials file (its SM2 key and channel id under the national profile). */
  gatewayCredentials?: string;
}

/**
 * What {@link writeTerminalSettings} takes: the gateway block, and any path
 * to set apart from its default. Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import type { TerminalSettingsInput } from 'yibao-pos';
 * const input: TerminalSettingsInput = {
 *   gateway: { fixmedinsCode: 'P42010000001', fixmedinsName: '健民大药房', mdtrtAreaAdmvs: '420100', devNo: 'POS-0001' },
 *   journal: '/var/lib/pos/journal.db',
 * };
 * ```
 */
export type TerminalSettingsInput = Pick<TerminalSettings, 'gateway'> & Partial<Omit<TerminalSettings, 'gateway'>>;

/**
 * The name of the settings file in a terminal's folder: `terminal.json`.
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import { join } from 'node:path';
 * import { TERMINAL_SETTINGS_FILE } from 'yibao-pos';
 * const file = join('/var/lib/pos', TERMINAL_SETTINGS_FILE);
 * ```
 */
export const TERMINAL_SETTINGS_FILE = 'terminal.json';

const PATH_DEFAULTS = {
  terminalKey: join('keys', 'terminal.private.jwk'),
  rootKey: join('keys', 'root.public.jwk'),
  trustList: 'trust.jws',
  stateDir: 'terminal',
} as const;

const GATEWAY_FIELDS = ['fixmedinsCode', 'fixmedinsName', 'mdtrtAreaAdmvs', 'devNo'] as const;

function invalid(file: string, field: string, reason: string): ConfigError {
  return new ConfigError('CONFIG_INVALID', { details: { file, field, reason } });
}

function text(o: Record<string, unknown>, key: string, file: string, prefix = ''): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw invalid(file, `${prefix}${key}`, 'expected a non-empty string');
  return v;
}

/** Checks a parsed settings object and fills the defaults (pure). */
export function parseTerminalSettings(value: unknown, file: string): TerminalSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(file, '(root)', 'expected a JSON object');
  const o = value as Record<string, unknown>;
  const g = o.gateway;
  if (typeof g !== 'object' || g === null || Array.isArray(g)) throw invalid(file, 'gateway', 'expected an object with fixmedinsCode, fixmedinsName, mdtrtAreaAdmvs, devNo');
  const gw = g as Record<string, unknown>;
  const gateway = {} as TerminalGatewaySettings;
  for (const key of GATEWAY_FIELDS) {
    const v = text(gw, key, file, 'gateway.');
    if (v === undefined) throw invalid(file, `gateway.${key}`, 'missing');
    gateway[key] = v;
  }
  const url = text(gw, 'url', file, 'gateway.');
  if (url !== undefined) gateway.url = url;
  const kid = text(gw, 'terminalKid', file, 'gateway.');
  if (kid !== undefined) gateway.terminalKid = kid;
  const profile = text(gw, 'profile', file, 'gateway.');
  if (profile !== undefined) gateway.profile = profile;
  const settings: TerminalSettings = {
    gateway,
    terminalKey: text(o, 'terminalKey', file) ?? PATH_DEFAULTS.terminalKey,
    rootKey: text(o, 'rootKey', file) ?? PATH_DEFAULTS.rootKey,
    trustList: text(o, 'trustList', file) ?? PATH_DEFAULTS.trustList,
    stateDir: text(o, 'stateDir', file) ?? PATH_DEFAULTS.stateDir,
  };
  const trustUrl = text(o, 'trustUrl', file);
  if (trustUrl !== undefined) settings.trustUrl = trustUrl;
  const journal = text(o, 'journal', file);
  if (journal !== undefined) settings.journal = journal;
  const credentials = text(o, 'gatewayCredentials', file);
  if (credentials !== undefined) settings.gatewayCredentials = credentials;
  if (o.tills !== undefined) settings.tills = parseTills(o.tills, file);
  if (o.pharmacist !== undefined) {
    const p = o.pharmacist;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalid(file, 'pharmacist', 'expected an object with name and certNo');
    const name = text(p as Record<string, unknown>, 'name', file, 'pharmacist.');
    const certNo = text(p as Record<string, unknown>, 'certNo', file, 'pharmacist.');
    if (name === undefined || certNo === undefined) throw invalid(file, 'pharmacist', 'expected name and certNo');
    settings.pharmacist = { name, certNo };
  }
  const catalog = text(o, 'catalog', file);
  if (catalog !== undefined) settings.catalog = catalog;
  return settings;
}

function parseTills(value: unknown, file: string): TerminalTillSettings[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(file, 'tills', 'expected a non-empty array of tills');
  const seen = new Set<number>();
  return value.map((t: unknown, i) => {
    const at = `tills[${i}].`;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw invalid(file, `tills[${i}]`, 'expected an object with till, devNo, terminalKey, stateDir');
    const o = t as Record<string, unknown>;
    if (!Number.isSafeInteger(o.till) || (o.till as number) < 1) throw invalid(file, `${at}till`, 'expected a till number 1, 2, …');
    if (seen.has(o.till as number)) throw invalid(file, `${at}till`, 'the same till twice');
    seen.add(o.till as number);
    const need = (key: string): string => {
      const v = text(o, key, file, at);
      if (v === undefined) throw invalid(file, `${at}${key}`, 'missing');
      return v;
    };
    const till: TerminalTillSettings = { till: o.till as number, devNo: need('devNo'), terminalKey: need('terminalKey'), stateDir: need('stateDir') };
    const kid = text(o, 'terminalKid', file, at);
    if (kid !== undefined) till.terminalKid = kid;
    const journal = text(o, 'journal', file, at);
    if (journal !== undefined) till.journal = journal;
    const credentials = text(o, 'gatewayCredentials', file, at);
    if (credentials !== undefined) till.gatewayCredentials = credentials;
    for (const key of ['fixmedinsCode', 'fixmedinsName', 'mdtrtAreaAdmvs'] as const) {
      const v = text(o, key, file, at);
      if (v !== undefined) till[key] = v;
    }
    return till;
  });
}

/**
 * The settings of till `till` (pure): the till's entry in `tills` in place of
 * the top-level key, dev_no, state folder and journal. Till 1 is the
 * top-level settings when `tills` does not list it.
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @param settings What `readTerminalSettings` read.
 * @param till The till's number (1-based).
 * @param file The settings file, for the error.
 * @throws `CONFIG_TILL_UNKNOWN` (details: `till`, `tills`) when the pharmacy has no such till.
 *
 * @example
 * ```ts
 * import { readTerminalSettings, tillSettings } from 'yibao-pos';
 * const till2 = tillSettings(await readTerminalSettings('/var/lib/pos'), 2);
 * console.log(till2.gateway.devNo, till2.stateDir);
 * ```
 */
export function tillSettings(settings: TerminalSettings, till: number, file = TERMINAL_SETTINGS_FILE): TerminalSettings {
  const t = settings.tills?.find((x) => x.till === till);
  if (t === undefined) {
    if (till === 1) return settings;
    throw new ConfigError('CONFIG_TILL_UNKNOWN', { details: { file, till, tills: settings.tills?.length ?? 1 } });
  }
  const { journal: _journal, ...rest } = settings;
  const gateway: TerminalGatewaySettings = { ...settings.gateway, devNo: t.devNo };
  if (t.terminalKid !== undefined) gateway.terminalKid = t.terminalKid;
  for (const key of ['fixmedinsCode', 'fixmedinsName', 'mdtrtAreaAdmvs'] as const) if (t[key] !== undefined) gateway[key] = t[key];
  return {
    ...rest,
    gateway,
    terminalKey: t.terminalKey,
    stateDir: t.stateDir,
    ...(t.journal !== undefined ? { journal: t.journal } : {}),
    ...(t.gatewayCredentials !== undefined ? { gatewayCredentials: t.gatewayCredentials } : {}),
  };
}

/**
 * Reads and checks `DIR/terminal.json`, filling the default paths.
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @param dir The terminal's folder (the one `gateway init --dir` made).
 * @returns The settings, paths as written in the file.
 * @throws {@link ConfigError} `CONFIG_MISSING` when there is no file,
 *   `CONFIG_INVALID` when it is not JSON or a field is wrong.
 *
 * @example
 * ```ts
 * import { readTerminalSettings } from 'yibao-pos';
 * const settings = await readTerminalSettings('/var/lib/pos');
 * console.log(settings.gateway.fixmedinsCode);
 * ```
 */
export async function readTerminalSettings(dir: string): Promise<TerminalSettings> {
  const file = join(dir, TERMINAL_SETTINGS_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError('CONFIG_MISSING', { cause, details: { file } });
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError('CONFIG_INVALID', { cause, details: { file, field: '(root)', reason: 'not JSON' } });
  }
  return parseTerminalSettings(value, file);
}

/**
 * Writes `DIR/terminal.json` atomically (a crash leaves the old or the new
 * file), with default paths for those not given. The file holds no secret:
 * keys are named by path.
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @param dir The terminal's folder; it must exist.
 * @param input The gateway block and any paths to set.
 * @returns The settings as written.
 *
 * @example
 * ```ts
 * import { readTerminalSettings, writeTerminalSettings } from 'yibao-pos';
 * const s = await readTerminalSettings('/var/lib/pos');
 * await writeTerminalSettings('/var/lib/pos', { ...s, gateway: { ...s.gateway, url: 'https://gateway.example' } });
 * ```
 */
export async function writeTerminalSettings(dir: string, input: TerminalSettingsInput): Promise<TerminalSettings> {
  const file = join(dir, TERMINAL_SETTINGS_FILE);
  const settings = parseTerminalSettings({ ...PATH_DEFAULTS, ...input }, file);
  await writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`);
  return settings;
}

/**
 * The absolute paths a terminal's settings name: keys, trust list, the
 * stored trust list, the replay guard and the journal.
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @param dir The terminal's folder, which relative paths are resolved against.
 * @param settings Its settings, from {@link readTerminalSettings}.
 *
 * @example
 * ```ts
 * import { readTerminalSettings, terminalFiles } from 'yibao-pos';
 * const files = terminalFiles('/var/lib/pos', await readTerminalSettings('/var/lib/pos'));
 * console.log(files.journal); // /var/lib/pos/terminal/journal.db
 * ```
 */
export function terminalFiles(dir: string, settings: Omit<TerminalSettings, 'gateway'>) {
  const at = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  const stateDir = at(settings.stateDir);
  return {
    terminalKey: at(settings.terminalKey),
    rootKey: at(settings.rootKey),
    trustList: at(settings.trustList),
    stateDir,
    storedTrustList: join(stateDir, 'trust.jws'),
    journal: settings.journal === undefined ? join(stateDir, 'journal.db') : at(settings.journal),
    catalog: settings.catalog === undefined ? join(stateDir, 'catalog.db') : at(settings.catalog),
  };
}

/**
 * The paths {@link terminalFiles} gives when a folder has no settings file
 * (the layout `gateway init` makes): for reading only the trust list and
 * root key of a folder. Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @param dir The terminal's folder.
 *
 * @example
 * ```ts
 * import { trustFilesOf } from 'yibao-pos';
 * const { trustList, rootKey } = await trustFilesOf('/var/lib/pos');
 * ```
 */
export async function trustFilesOf(dir: string): Promise<{ trustList: string; rootKey: string }> {
  const settings = await readTerminalSettings(dir).catch((err: unknown) => {
    if (ConfigError.is(err) && err.code === 'CONFIG_MISSING') return PATH_DEFAULTS;
    throw err;
  });
  const files = terminalFiles(dir, settings);
  return { trustList: files.trustList, rootKey: files.rootKey };
}
