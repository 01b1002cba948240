/**
 * Turns the bytes of a raw-mode terminal into PIN pad keys. Pure: no I/O, no
 * state across chunks (a terminal sends one key or one escape sequence per
 * write). Arrow and function keys (CSI/SS3 sequences) are ignored rather than
 * read as Esc, so a stray arrow never cancels a payment.
 *
 * @module
 */

export type TtyKey =
  | { kind: 'digit'; byte: number }
  | { kind: 'backspace' }
  | { kind: 'enter' }
  | { kind: 'cancel' }
  | { kind: 'ignored' };

const ESC = 0x1b;

export function decodeTtyKeys(chunk: Uint8Array): TtyKey[] {
  const keys: TtyKey[] = [];
  let i = 0;
  while (i < chunk.length) {
    const b = chunk[i] as number;
    if (b >= 0x30 && b <= 0x39) {
      keys.push({ kind: 'digit', byte: b });
      i++;
    } else if (b === 0x7f || b === 0x08) {
      keys.push({ kind: 'backspace' });
      i++;
    } else if (b === 0x0d || b === 0x0a) {
      keys.push({ kind: 'enter' });
      // CR LF is one Enter.
      i += b === 0x0d && chunk[i + 1] === 0x0a ? 2 : 1;
    } else if (b === 0x03 || b === 0x04) {
      // Ctrl+C, Ctrl+D: raw mode delivers them as bytes, not signals.
      keys.push({ kind: 'cancel' });
      i++;
    } else if (b === ESC) {
      const next = chunk[i + 1];
      if (next === 0x5b /* [ */) {
        i = skipCsi(chunk, i + 2);
        keys.push({ kind: 'ignored' });
      } else if (next === 0x4f /* O */) {
        i += 3;
        keys.push({ kind: 'ignored' });
      } else {
        keys.push({ kind: 'cancel' });
        i++;
      }
    } else {
      keys.push({ kind: 'ignored' });
      i++;
    }
  }
  return keys;
}

/** Index after a CSI sequence's final byte (0x40–0x7e), or the end of the chunk. */
function skipCsi(chunk: Uint8Array, from: number): number {
  let i = from;
  while (i < chunk.length) {
    const b = chunk[i] as number;
    i++;
    if (b >= 0x40 && b <= 0x7e) break;
  }
  return i;
}
