/**
 * Turns a terminal's settings into what `createTerminal` and `GatewayClient`
 * take: reads the key files and the shipped trust list it names.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import type { TerminalConfig } from '../checkout/terminal.js';
import type { GatewayClientOptions } from '../gateway/client.js';
import type { TrustStore } from '../voucher/trust-store.js';
import { ConfigError } from './errors.js';
import { isAbsolute, join } from 'node:path';
import type { GatewayCredentials } from '../gateway/profile/types.js';
import { readTerminalSettings, terminalFiles, tillSettings, TERMINAL_SETTINGS_FILE, type TerminalSettings } from './settings.js';

/** The settings of one till (`--till K`), or the top-level ones. */
async function readTill(dir: string, till: number | undefined): Promise<TerminalSettings> {
  const settings = await readTerminalSettings(dir);
  return till === undefined ? settings : tillSettings(settings, till, join(dir, TERMINAL_SETTINGS_FILE));
}

async function readText(file: string, field: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError('CONFIG_FILE_UNREADABLE', { cause, details: { file, field } });
  }
}

async function readJwk(file: string, field: string): Promise<JWK> {
  const raw = await readText(file, field);
  try {
    const jwk = JSON.parse(raw) as unknown;
    if (typeof jwk === 'object' && jwk !== null && typeof (jwk as JWK).kty === 'string') return jwk as JWK;
  } catch {
    // reported below, without the file's content: it may be a private key
  }
  throw new ConfigError('CONFIG_INVALID', { details: { file, field, reason: 'not a JWK' } });
}

/**
 * Overrides of what the settings file says, as the command line gives them.
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import type { TerminalOverrides } from 'yibao-pos';
 * const o: TerminalOverrides = { url: 'http://127.0.0.1:8080', journal: '/tmp/journal.db' };
 * ```
 */
export interface TerminalOverrides {
  /** Gateway base URL instead of `gateway.url`. */
  url?: string;
  /** Journal file instead of `journal`. */
  journal?: string;
  /** Which till of the pharmacy this is (1-based): its key, dev_no, state and journal from `tills`. */
  till?: number;
}

/** The profile's secrets file (`gatewayCredentials`), when the settings name one. */
async function readCredentials(dir: string, settings: TerminalSettings): Promise<GatewayCredentials | undefined> {
  if (settings.gatewayCredentials === undefined) return undefined;
  const file = isAbsolute(settings.gatewayCredentials) ? settings.gatewayCredentials : join(dir, settings.gatewayCredentials);
  const raw = await readText(file, 'gatewayCredentials');
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as GatewayCredentials;
  } catch {
    // reported below, without the content: it holds secrets
  }
  throw new ConfigError('CONFIG_INVALID', { details: { file, field: 'gatewayCredentials', reason: 'not a JSON object' } });
}

function gatewayOptions(dir: string, settings: TerminalSettings, key: JWK, url: string | undefined, credentials?: GatewayCredentials): Omit<GatewayClientOptions, 'sequence'> {
  const resolvedUrl = url ?? settings.gateway.url;
  if (resolvedUrl === undefined) {
    throw new ConfigError('CONFIG_INVALID', { details: { file: `${dir}/${TERMINAL_SETTINGS_FILE}`, field: 'gateway.url', reason: 'no gateway URL: set it or pass one' } });
  }
  const kid = key.kid ?? settings.gateway.terminalKid;
  if (kid === undefined) throw new ConfigError('CONFIG_INVALID', { details: { file: terminalFiles(dir, settings).terminalKey, field: 'kid', reason: 'the terminal key has no kid and gateway.terminalKid is not set' } });
  const g = settings.gateway;
  return {
    url: resolvedUrl,
    terminalKey: { ...key, kid },
    fixmedinsCode: g.fixmedinsCode,
    fixmedinsName: g.fixmedinsName,
    mdtrtAreaAdmvs: g.mdtrtAreaAdmvs,
    devNo: g.devNo,
    ...(g.profile !== undefined ? { profile: g.profile } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  };
}

/**
 * The `GatewayClient` options of a terminal: its pharmacy settings, URL and
 * signing key. Add the journal's `sequence()` before constructing the client.
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @param dir The terminal's folder (holding `terminal.json`).
 * @param overrides A URL to use instead of the file's.
 * @throws {@link ConfigError} when the file is missing or wrong, there is no
 *   URL, or the key cannot be read.
 *
 * @example
 * ```ts
 * import { GatewayClient, SettlementJournal, loadGatewayOptions } from 'yibao-pos';
 * const journal = await SettlementJournal.open('/var/lib/pos/terminal/journal.db');
 * const client = new GatewayClient({ ...(await loadGatewayOptions('/var/lib/pos')), sequence: journal.sequence() });
 * ```
 */
export async function loadGatewayOptions(dir: string, overrides: Pick<TerminalOverrides, 'url' | 'till'> = {}): Promise<Omit<GatewayClientOptions, 'sequence'>> {
  const settings = await readTill(dir, overrides.till);
  const key = await readJwk(terminalFiles(dir, settings).terminalKey, 'terminalKey');
  return gatewayOptions(dir, settings, key, overrides.url, await readCredentials(dir, settings));
}

/**
 * What {@link loadTerminalConfig} gives: the file-based parts of a
 * `createTerminal` config. Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import { loadTerminalConfig, type LoadedTerminalConfig } from 'yibao-pos';
 * const loaded: LoadedTerminalConfig = await loadTerminalConfig('/var/lib/pos');
 * console.log(loaded.journal, loaded.gateway.devNo);
 * ```
 */
export interface LoadedTerminalConfig extends Pick<TerminalConfig, 'trust' | 'journal' | 'gateway' | 'till' | 'traceUpload'> {
  trust: Exclude<TerminalConfig['trust'], TrustStore>;
  journal: string;
  /** The till's state folder (stored trust list, journal). */
  stateDir: string;
  gateway: Omit<GatewayClientOptions, 'sequence'>;
}

/**
 * The parts of a `createTerminal` config that a terminal's folder provides:
 * trust (root key, shipped list, stored list), replay guard, journal and
 * gateway. Add the PIN pad and scanners, then call `createTerminal`.
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @param dir The terminal's folder (holding `terminal.json`).
 * @param overrides A gateway URL or journal file instead of the file's.
 * @throws {@link ConfigError} when the file is missing or wrong, there is no
 *   URL, or a file it names cannot be read.
 *
 * @example
 * ```ts
 * import { createTerminal, loadTerminalConfig, TtyPinPad } from 'yibao-pos';
 * const terminal = await createTerminal({ ...(await loadTerminalConfig('/var/lib/pos')), pinPad: new TtyPinPad() });
 * ```
 */
export async function loadTerminalConfig(
  dir: string,
  overrides: TerminalOverrides = {},
): Promise<LoadedTerminalConfig> {
  const settings = await readTill(dir, overrides.till);
  const files = terminalFiles(dir, settings);
  const key = await readJwk(files.terminalKey, 'terminalKey');
  const gateway = gatewayOptions(dir, settings, key, overrides.url, await readCredentials(dir, settings));
  return {
    trust: {
      rootKey: await readJwk(files.rootKey, 'rootKey'),
      file: files.storedTrustList,
      initial: (await readText(files.trustList, 'trustList')).trim(),
      ...(settings.trustUrl ? { url: settings.trustUrl } : {}),
    },
    journal: overrides.journal ?? files.journal,
    stateDir: files.stateDir,
    gateway,
    ...(overrides.till !== undefined ? { till: overrides.till } : settings.tills ? { till: 1 } : {}),
    ...(settings.pharmacist ? { traceUpload: { pharmacist: settings.pharmacist } } : {}),
  };
}
