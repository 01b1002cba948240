/**
 * The on-screen PIN keypad: digit buttons in a fresh random order each time
 * it is drawn (so a watcher learns nothing from where a finger lands), 删除
 * and 确认 at fixed places, a dot per digit typed. The digits live only in a
 * PinDigits buffer (bytes, wiped after sealing or on cancel); they are never
 * written to the DOM, a string, the console or a request. The service gets
 * the sealed block alone.
 *
 * @module
 */
import { PinDigits, PIN_LENGTH, sealPinDigits } from 'yibao-pos/pin/seal';
import type { PinPrompt } from '../api.js';

/** 0–9 in a uniformly random order (Fisher–Yates over crypto random bytes, no modulo bias). */
export function shuffledDigits(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): number[] {
  const order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let i = order.length - 1; i > 0; i--) {
    const bound = 256 - (256 % (i + 1));
    let r: number;
    do r = random(1)[0]!;
    while (r >= bound);
    const j = r % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export interface Keypad {
  /** Wipes the digits and removes the buttons. */
  destroy(): void;
}

export interface KeypadOptions {
  prompt: PinPrompt;
  keys: HTMLElement;
  dots: HTMLElement;
  /** Called with the sealed block; the digits are already wiped. */
  onSealed(block: string): void;
  onSealFailed(error: unknown): void;
  onTouch(): void;
}

export function drawKeypad(o: KeypadOptions): Keypad {
  const digits = new PinDigits();
  let busy = false;
  o.keys.replaceChildren();
  o.dots.replaceChildren();
  const dots = Array.from({ length: PIN_LENGTH }, () => {
    const d = document.createElement('span');
    d.className = 'dot';
    o.dots.append(d);
    return d;
  });
  const button = (label: string, cls: string, onPress: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = label;
    b.addEventListener('click', () => {
      o.onTouch();
      if (!busy) onPress();
    });
    o.keys.append(b);
    return b;
  };
  const confirm = document.createElement('button');
  const refresh = () => {
    dots.forEach((d, i) => d.classList.toggle('filled', i < digits.length));
    confirm.disabled = !digits.complete;
  };
  const order = shuffledDigits();
  for (const d of order.slice(0, 9)) button(String(d), 'key digit', () => digits.push(0x30 + d) && refresh());
  button('删除', 'key delete', () => digits.pop() && refresh());
  button(String(order[9]), 'key digit', () => digits.push(0x30 + order[9]!) && refresh());
  confirm.type = 'button';
  confirm.className = 'key confirm';
  confirm.textContent = '确认';
  confirm.addEventListener('click', () => {
    o.onTouch();
    if (busy || !digits.complete) return;
    busy = true;
    performance.mark('kiosk:confirm');
    const { jti, msgid, amount, pinKey } = o.prompt;
    digits
      .consume((d) => sealPinDigits(d, { jti, msgid, amountFen: amount.fen, pinKey }))
      .then(o.onSealed, o.onSealFailed)
      .finally(refresh);
  });
  o.keys.append(confirm);
  o.keys.dataset.prompt = o.prompt.id;
  refresh();
  return {
    destroy() {
      digits.wipe();
      o.keys.replaceChildren();
      o.dots.replaceChildren();
    },
  };
}
