/**
 * Pauses the terminal while a scanner is unplugged: on the scanner's
 * `detach` it reports `paused` with the cashier message (扫码枪已断开…), and
 * `resumed` on its `attach`. The open sale is kept as it was: a sale waiting
 * for a voucher goes on waiting and takes the next scan once the scanner is
 * back. Pure wiring: scanners' events in, terminal events out.
 *
 * @module
 */
import type { Messages } from '../lib/errors.js';
import { disconnectedError } from '../scanner/errors.js';
import type { Scanner } from '../scanner/scanner.js';

/**
 * The `paused` event: the sale waits because its scanner went away (unplugged), with the reason.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface PausedEvent {
  /** The sale that is paused, when one is open. */
  saleId?: string;
  /** Which scanner is gone (`serial:/dev/ttyACM0`, `hid:0c2e:0b61`). */
  source: string;
  reason: 'scanner_disconnected';
  /** What the cashier reads: 扫码枪已断开… / Scanner disconnected… */
  messages: Messages;
}

/**
 * The `resumed` event: the scanner is back and the sale goes on.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface ResumedEvent {
  saleId?: string;
  source: string;
  messages: Messages;
}

export const RESUMED_MESSAGES: Messages = { zh: '扫码枪已恢复连接，可继续扫码', en: 'Scanner reconnected; scanning can go on' };

export class ScannerPause {
  private readonly gone = new Set<string>();

  constructor(
    private readonly saleId: () => string | undefined,
    private readonly emit: { paused(e: PausedEvent): void; resumed(e: ResumedEvent): void },
  ) {}

  /** True while any watched scanner is unplugged. */
  get paused(): boolean {
    return this.gone.size > 0;
  }

  /** Watches `scanner`; returns the function that stops watching it. */
  watch(scanner: Scanner): () => void {
    const onDetach = ({ source }: { source: string }) => {
      this.gone.add(source);
      this.emit.paused(this.pausedEvent(source));
    };
    const onAttach = ({ source }: { source: string }) => {
      if (!this.gone.delete(source)) return; // the first open is an attach too
      const saleId = this.saleId();
      this.emit.resumed({ ...(saleId ? { saleId } : {}), source, messages: RESUMED_MESSAGES });
    };
    scanner.on('detach', onDetach);
    scanner.on('attach', onAttach);
    return () => {
      scanner.off('detach', onDetach);
      scanner.off('attach', onAttach);
    };
  }

  /** A sale opened while a scanner is gone is told so at once. */
  announce(): void {
    for (const source of this.gone) this.emit.paused(this.pausedEvent(source));
  }

  private pausedEvent(source: string): PausedEvent {
    const saleId = this.saleId();
    return { ...(saleId ? { saleId } : {}), source, reason: 'scanner_disconnected', messages: disconnectedError(source).messages };
  }
}
