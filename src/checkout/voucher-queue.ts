/**
 * Hands scanned voucher texts to the open sale in arrival order; a code
 * scanned before the sale asks for it waits here instead of being lost.
 *
 * @module
 */
import { CheckoutError } from './errors.js';

export class VoucherQueue {
  private readonly texts: string[] = [];
  private waiter: { resolve: (t: string) => void; reject: (e: unknown) => void } | undefined;

  push(text: string): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve(text);
    } else {
      this.texts.push(text);
    }
  }

  next(signal: AbortSignal): Promise<string> {
    const ready = this.texts.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (signal.aborted) return Promise.reject(new CheckoutError('CHECKOUT_CANCELLED'));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiter = undefined;
        reject(new CheckoutError('CHECKOUT_CANCELLED'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = {
        resolve: (t) => {
          signal.removeEventListener('abort', onAbort);
          resolve(t);
        },
        reject,
      };
    });
  }

  clear(): void {
    this.texts.length = 0;
  }
}
