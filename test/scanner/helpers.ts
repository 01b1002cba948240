/** Test helpers for the scanner area: a manual timer, a push binding, byte helpers. */
import { EventEmitter } from 'node:events';
import type { BindingPort, BindingSink, ScannerBinding, BindingFormat } from '../../src/scanner/binding.js';
import type { Timer } from '../../src/lib/timer.js';
import type { Scan } from '../../src/scanner/scan.js';
import { Scanner } from '../../src/scanner/scanner.js';

export const bytes = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A timer that fires only when told to. */
export function manualTimer(): Timer & { fire(): void; pending(): number; delays: number[] } {
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  let id = 0;
  return {
    delays,
    set: (fn, ms) => (delays.push(ms), pending.set(++id, fn), id),
    clear: (h) => void pending.delete(h as number),
    fire: () => {
      const fns = [...pending.values()];
      pending.clear();
      fns.forEach((fn) => fn());
    },
    pending: () => pending.size,
  };
}

let nextId = 0;

/** A binding the test pushes into; `failOpen` makes the next opens fail (device absent). */
export class PushBinding implements ScannerBinding {
  sink: BindingSink | undefined;
  opens = 0;
  failOpen = 0;
  closed = 0;
  constructor(
    readonly format: BindingFormat = 'bytes',
    readonly source = `test:push${++nextId}`,
    readonly reopenable = true,
  ) {}
  async open(sink: BindingSink): Promise<BindingPort> {
    this.opens++;
    if (this.failOpen > 0) {
      this.failOpen--;
      throw Object.assign(new Error('ENOENT: no such device'), { code: 'ENOENT' });
    }
    this.sink = sink;
    return { close: async () => void this.closed++ };
  }
  push(data: string | Uint8Array) {
    this.sink!.data(typeof data === 'string' ? bytes(data) : data);
  }
}

/** Waits for one event of an emitter (eventemitter3 or node). */
export function once(em: object, ev: string): Promise<unknown> {
  const e = em as { once(ev: string, fn: (v: unknown) => void): unknown };
  return new Promise((r) => e.once(ev, r));
}

export { EventEmitter };

/** Opens, claims and enables a Scanner on a finite binding (a replay), and returns its scans and errors once it ends. */
export async function runToEnd(options: ConstructorParameters<typeof Scanner>[0]): Promise<{ scans: Scan[]; errors: unknown[] }> {
  const scanner = new Scanner(options);
  const scans: Scan[] = [];
  const errors: unknown[] = [];
  scanner.on('scan', (s) => scans.push(s));
  scanner.on('error', (e) => errors.push(e));
  const ended = new Promise<void>((r) => scanner.once('end', () => r()));
  await scanner.open();
  await scanner.claim();
  await scanner.enable();
  await ended;
  await scanner.close();
  return { scans, errors };
}
