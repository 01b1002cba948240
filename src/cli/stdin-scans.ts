/**
 * `checkout --stdin`: lines of stdin become scans through a Scanner like any
 * other source, so the terminal routes them (items, trace codes, vouchers).
 * One stdin may carry the scans and then the scripted PIN (`--pin-stdin`),
 * so lines are pulled one at a time, only while the open sale waits for a
 * voucher, and each is handled before the next is read.
 *
 * @module
 */
import { Scanner, type BindingSink, type SaleState, type Scan, type ScannerBinding, type Terminal } from '../index.js';
import type { LineReader } from './lines.js';

/** A binding whose bytes are pushed by `pump` (below), not read by itself. */
class PulledLines implements ScannerBinding {
  readonly source = 'stdin';
  readonly format = 'bytes' as const;
  readonly reopenable = false;
  sink: BindingSink | undefined;

  async open(sink: BindingSink) {
    this.sink = sink;
    return { close: async () => void (this.sink = undefined) };
  }
}

/**
 * The scanner `checkout --stdin` gives the terminal, and the pump that feeds
 * it once the sale is open. `pump` reads only in the states given: a voucher
 * that came from the command line is not waited for with a scan, and the
 * line after the last voucher (a scripted PIN) must never be read as one.
 */
export function stdinScanner(lines: LineReader): { scanner: Scanner; pump(terminal: Terminal, scanIn: ReadonlySet<SaleState>): Promise<'voucher' | 'ended'> } {
  const binding = new PulledLines();
  const scanner = new Scanner({ binding, framing: { suffix: 'lf' } });
  const encoder = new TextEncoder();

  /**
   * Delivers one line and resolves once the terminal has handled it: an item
   * attached or reported, or a voucher taken (the sale's state moved on).
   * Listeners go on before the bytes: a trace code is attached synchronously.
   */
  const deliver = (terminal: Terminal, sink: BindingSink, text: string): Promise<void> =>
    new Promise((resolve) => {
      const stateBefore = terminal.saleState;
      let scan: Scan | undefined;
      const onScan = (s: Scan) => (scan = s);
      const done = () => {
        terminal.off('item', onItem);
        terminal.off('state', onState);
        resolve();
      };
      const onItem = (e: { code: string }) => scan?.kind === 'item' && e.code === scan.text && done();
      // `verified` is passing: the sale goes on at once to the payer's voucher, pre-settlement or a refusal.
      // A national voucher code scans as an item code; the terminal still takes it as a voucher (the state moves).
  const onState = (e: { state: string }) => scan !== undefined && e.state !== stateBefore && e.state !== 'verified' && done();
      // The terminal announces a scan before it routes it, and the framer hands a frame over synchronously.
      terminal.once('scan', onScan);
      terminal.on('item', onItem);
      terminal.on('state', onState);
      sink.data(encoder.encode(`${text}\n`));
      terminal.off('scan', onScan);
      if (scan === undefined) done(); // nothing framed (e.g. only an AIM id)
    });

  async function pump(terminal: Terminal, scanIn: ReadonlySet<SaleState>): Promise<'voucher' | 'ended'> {
    while (terminal.saleState !== undefined && scanIn.has(terminal.saleState)) {
      const line = await lines.next();
      const sink = binding.sink;
      if (line === undefined || sink === undefined) {
        sink?.end();
        return 'ended';
      }
      const text = line.trim();
      if (text !== '') await deliver(terminal, sink, text);
    }
    return 'voucher';
  }

  return { scanner, pump };
}
