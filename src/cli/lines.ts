/**
 * Pulls lines from a stream one at a time, so that one piped stdin can carry
 * scans and then, when the sale asks, the scripted PIN (`--stdin --pin-stdin`).
 *
 * @module
 */
import { createInterface } from 'node:readline';

export class LineReader {
  private readonly lines: string[] = [];
  private readonly waiters: Array<(line: string | undefined) => void> = [];
  private ended = false;

  constructor(input: NodeJS.ReadableStream) {
    const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
    rl.on('line', (line) => {
      const w = this.waiters.shift();
      if (w) w(line);
      else this.lines.push(line);
    });
    rl.on('close', () => {
      this.ended = true;
      for (const w of this.waiters.splice(0)) w(undefined);
    });
  }

  /** The next line, or undefined at the end of the input. */
  next(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
