/**
 * Native addons (better-sqlite3, node-hid, serialport) are loaded here, on
 * first use, so that importing the portable parts never touches them and a
 * missing system library gives an error that says what to install.
 *
 * @module
 */
import { defineErrors } from './errors.js';

export const NativeError = defineErrors('NativeError', {
  NATIVE_MODULE_MISSING: {
    zh: '缺少本机组件，请按提示安装后重试',
    en: 'A native component is missing; install what the details name and retry',
  },
});

const cache = new Map<string, unknown>();

/**
 * `hint` names what to install, e.g. `apt-get install libusb-1.0-0`.
 */
export async function loadNative<T>(name: string, hint: string): Promise<T> {
  if (cache.has(name)) return cache.get(name) as T;
  try {
    const mod = (await import(name)) as { default?: T } & T;
    const value = (mod.default ?? mod) as T;
    cache.set(name, value);
    return value;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new NativeError('NATIVE_MODULE_MISSING', {
      cause,
      details: { module: name, install: hint, reason },
    });
  }
}
