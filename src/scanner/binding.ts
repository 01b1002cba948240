/**
 * The contract between the Scanner and a device (like
 * @serialport/bindings-interface): a binding opens its device and pushes what
 * it reads into a sink. Serial, HID, stream (stdin), replay and sim bindings
 * implement it; the Scanner does the framing, lifecycle and reopening.
 *
 * @module
 */

/**
 * What a binding delivers: a byte stream, HID POS reports, or boot keyboard reports.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type BindingFormat = 'bytes' | 'hid-pos' | 'keyboard';

/**
 * Where a binding pushes what it reads: data, end of input, disconnection.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface BindingSink {
  /** Bytes (format `bytes`) or exactly one report (formats `hid-pos`, `keyboard`). */
  data(chunk: Uint8Array): void;
  /** The source ended normally (end of a file or of stdin): nothing more will come. */
  end(): void;
  /** The device went away (unplugged, port vanished). */
  disconnected(cause?: unknown): void;
}

/**
 * An open device as a binding returns it: something to close.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface BindingPort {
  /** Closes the device; sink calls stop. */
  close(): Promise<void>;
}

/**
 * The contract between a `Scanner` and a device: open it and push what it reads into a sink. Serial, HID, stream and replay bindings implement it; implement it for other devices.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ScannerBinding {
  /** Names the device in every Scan: `serial:/dev/ttyACM0`, `hid:0c2e:0b61`, `stdin`. */
  readonly source: string;
  readonly format: BindingFormat;
  /** Whether a vanished device may come back, so the Scanner retries opening it. */
  readonly reopenable: boolean;
  /**
   * Resolves when a vanished device is present again, so the Scanner reopens
   * it at once instead of at its next backoff retry (optional).
   */
  waitForDevice?(signal: AbortSignal): Promise<void>;
  /** Opens the device. Rejects with a ScannerError (or NATIVE_MODULE_MISSING). */
  open(sink: BindingSink): Promise<BindingPort>;
}
