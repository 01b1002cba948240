/**
 * A binding over any readable byte stream (stdin, a socket, a file): for
 * `listen --stdin` and for piping scans into tests. Ends with the stream.
 *
 * @module
 */
import type { BindingPort, BindingSink, ScannerBinding } from '../binding.js';

/**
 * What the binding needs of a Node readable (or anything shaped like one).
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export interface ByteSource {
  on(event: 'data' | 'end', fn: (chunk: Buffer | string) => void): unknown;
  pause?(): unknown;
}

/**
 * A binding over any readable byte stream (stdin, a socket, a file); ends with the stream.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 *
 * @example
 * ```ts
 * import { Scanner, StreamBinding } from 'yibao-pos/scanner';
 * const scanner = new Scanner({ binding: new StreamBinding(socket, 'tcp:scanner-1'), framing: { suffix: 'crlf' } });
 * ```
 */
export class StreamBinding implements ScannerBinding {
  readonly format = 'bytes' as const;
  readonly reopenable = false;

  constructor(
    private readonly stream: ByteSource,
    readonly source = 'stdin',
  ) {}

  async open(sink: BindingSink): Promise<BindingPort> {
    let open = true;
    const enc = new TextEncoder();
    this.stream.on('data', (c) => open && sink.data(typeof c === 'string' ? enc.encode(c) : new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
    this.stream.on('end', () => void (open && sink.end()));
    return {
      close: async () => {
        open = false;
        this.stream.pause?.();
      },
    };
  }
}
