/**
 * The PIN pad is the kiosk page: `requestPin` puts a prompt on the screen
 * (amount, tries left, and what the block must bind: jti, msgid, pinKey) and
 * resolves with the block the page sealed. The clear PIN never reaches this
 * process; only the sealed block does, and it is checked for shape only.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { PinError, type PinPad, type PinRequest } from 'yibao-pos';
import { KioskError } from './errors.js';

export interface PagePrompt {
  id: string;
  request: Omit<PinRequest, 'signal'>;
}

/** A compact JWE of voucher.md §4: five base64url parts, the header naming its algorithms. */
export function checkPinBlock(block: unknown): string {
  if (typeof block !== 'string' || block.length > 4096) throw new KioskError('KIOSK_BAD_PIN_BLOCK');
  const parts = block.split('.');
  if (parts.length !== 5 || parts.some((p, i) => !/^[A-Za-z0-9_-]*$/.test(p) || (p === '' && i !== 1))) throw new KioskError('KIOSK_BAD_PIN_BLOCK');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
  } catch {
    throw new KioskError('KIOSK_BAD_PIN_BLOCK');
  }
  const h = header as { alg?: unknown; enc?: unknown };
  if (h.alg !== 'ECDH-ES+A256KW' || h.enc !== 'A256GCM') throw new KioskError('KIOSK_BAD_PIN_BLOCK');
  return block;
}

export class PagePinPad implements PinPad {
  private open: { prompt: PagePrompt; resolve: (block: string) => void; reject: (err: unknown) => void } | undefined;

  /** `show` is called with the prompt to put up, and with undefined when it is gone. */
  constructor(private readonly show: (prompt: PagePrompt | undefined) => void) {}

  requestPin(req: PinRequest): Promise<string> {
    const { signal, ...request } = req;
    if (signal?.aborted) return Promise.reject(new PinError('PIN_CANCELLED'));
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => this.settle(undefined, new PinError('PIN_CANCELLED'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const prompt: PagePrompt = { id: randomUUID(), request };
      this.open = {
        prompt,
        resolve: (block) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(block);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.show(prompt);
    });
  }

  /** The page's answer to prompt `id`: a sealed block, checked for shape. */
  answer(id: unknown, block: unknown): void {
    if (!this.open || typeof id !== 'string' || id !== this.open.prompt.id) throw new KioskError('KIOSK_NO_PIN_PROMPT');
    this.settle(checkPinBlock(block));
  }

  /** The payer walked away or pressed 取消. */
  cancel(): void {
    this.settle(undefined, new PinError('PIN_CANCELLED'));
  }

  private settle(block: string | undefined, err?: unknown): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    // The sale goes on first; taking the keypad off the screen comes after.
    if (block !== undefined) open.resolve(block);
    else open.reject(err);
    this.show(undefined);
  }
}
