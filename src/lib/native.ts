/**
 * Native addons (better-sqlite3, node-hid, serialport) are loaded here, on
 * first use, so that importing the portable parts never touches them and a
 * missing or mismatched binary gives an error that names the module and the
 * fix, where it happens.
 *
 * @module
 */
import { defineErrors } from './errors.js';

export const NativeError = defineErrors('NativeError', {
  NATIVE_MODULE_MISSING: {
    zh: '缺少本机组件或其二进制文件与当前 Node/Electron 不符，请按提示重新安装或重建后重试',
    en: 'A native component is missing or built for another Node/Electron; reinstall or rebuild it as the details say, then retry',
  },
  OPTIONAL_MODULE_MISSING: {
    zh: '此功能需要一个未安装的可选组件，请按提示安装后重试',
    en: 'This feature needs an optional package that is not installed; install what the details name and retry',
  },
});

/**
 * How to get a native addon's binary back, for each way it goes missing:
 * npm skipped or failed the build, Electron needs its own ABI, pnpm did not
 * approve the build script. `pkg` is the package that holds the binary.
 */
export function nativeFix(pkg: string): string {
  return [
    `npm rebuild ${pkg}`,
    `Electron: npx @electron/rebuild -f -w ${pkg} (and asarUnpack its .node files)`,
    `pnpm: pnpm approve-builds (allow ${pkg}), then pnpm rebuild ${pkg}`,
  ].join('; ');
}

// The package whose build script makes the binary, where it is not the module itself.
const BINARY_PACKAGE: Readonly<Record<string, string>> = { serialport: '@serialport/bindings-cpp' };

/**
 * better-sqlite3 and node-hid load their binary on first use, not on import:
 * touching it here reports a missing or wrong-ABI binary at load, inside the
 * guard, rather than as an untyped error from the first call. (serialport
 * loads its binary on import.)
 */
const PROBE: Readonly<Record<string, (mod: never) => void>> = {
  // An in-memory database fails only for a bad binary.
  'better-sqlite3': (Driver: new (file: string) => { close(): void }) => new Driver(':memory:').close(),
  'node-hid': (hid: { getHidapiVersion(): string }) => void hid.getHidapiVersion(),
};

const cache = new Map<string, unknown>();

/**
 * `hint` names what to install, e.g. `apt-get install libusb-1.0-0`; the
 * error's details carry `module`, `install` (the hint), `fix` (rebuild,
 * Electron, pnpm) and `reason` (the loader's own message).
 */
export async function loadNative<T>(name: string, hint: string): Promise<T> {
  if (cache.has(name)) return cache.get(name) as T;
  try {
    const mod = (await import(name)) as { default?: T } & T;
    const value = (mod.default ?? mod) as T;
    PROBE[name]?.(value as never);
    cache.set(name, value);
    return value;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    // Not installed at all (an install with --omit=optional): rebuilding cannot help, installing does.
    const code = (cause as { code?: string } | null)?.code;
    const absent = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && reason.includes(`'${name}'`);
    const install = absent ? `npm install ${name} (an optional dependency, left out by --omit=optional); then: ${hint}` : hint;
    throw new NativeError('NATIVE_MODULE_MISSING', {
      cause,
      details: { module: name, install, fix: absent ? `npm install ${name}` : nativeFix(BINARY_PACKAGE[name] ?? name), reason },
    });
  }
}

/** A plain-JS package some features (not the SDK's core) need; `install` is the command. */
export async function loadOptional<T>(name: string, install: string): Promise<T> {
  try {
    const mod = (await import(name)) as { default?: T } & T;
    return (mod.default ?? mod) as T;
  } catch (cause) {
    const code = (cause as { code?: string } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause;
    throw new NativeError('OPTIONAL_MODULE_MISSING', { cause, details: { module: name, install } });
  }
}
