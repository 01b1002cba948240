/**
 * The contract between the Scanner and a device (like
 * @serialport/bindings-interface): a binding opens its device and pushes what
 * it reads into a sink. Serial, HID, stream (stdin), replay and sim bindings
 * implement it; the Scanner does the framing, lifecycle and reopening.
 *
 * @module
 */

/** What a binding delivers: a byte stream, HID POS reports, or boot keyboard reports. */
export type BindingFormat = 'bytes' | 'hid-pos' | 'keyboard';

export interface BindingSink {
  /** Bytes (format `bytes`) or exactly one report (formats `hid-pos`, `keyboard`). */
  data(chunk: Uint8Array): void;
  /** The source ended normally (end of a file or of stdin): nothing more will come. */
  end(): void;
  /** The device went away (unplugged, port vanished). */
  disconnected(cause?: unknown): void;
}

export interface BindingPort {
  /** Closes the device; sink calls stop. */
  close(): Promise<void>;
}

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
