/**
 * The kiosk page: renders the service's KioskView (server-sent events) and
 * sends back what the customer does: a code read from the camera, the sealed
 * PIN block, 取消. Text goes into the DOM with textContent only.
 *
 * @module
 */
import type { KioskView, PersonShown, PinPrompt } from '../api.js';
import { startCamera, type Camera } from './camera.js';
import { t, type Lang, type WordKey } from './i18n.js';
import { drawKeypad, type Keypad } from './keypad.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let lang: Lang = 'zh';
let view: KioskView | undefined;
let camera: Camera | undefined;
let keypad: { id: string; pad: Keypad } | undefined;
/** Codes this page already sent, and when: the phone stays in front of the camera after paying. */
const sent = new Map<string, number>();
/** A voucher lives 60 s (plus skew); after that the same text cannot be a new payment anyway. */
const RESEND_AFTER_MS = 90_000;

/** The secret the service wrote into this page: every API call carries it, so only this page can drive the kiosk. */
const SESSION = document.querySelector<HTMLMetaElement>('meta[name="kiosk-session"]')?.content ?? '';

async function post(path: string, body: unknown): Promise<boolean> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kiosk-Session': SESSION }, body: JSON.stringify(body) }).catch(() => undefined);
  return res?.ok ?? false;
}

/** A voucher is known by its jti (one voucher, whatever its text); anything else by its text. */
function codeKey(text: string): string {
  if (!text.startsWith('YBV1:')) return text;
  try {
    const part = text.slice(5).split('.')[1] ?? '';
    const payload = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { jti?: unknown };
    return typeof payload.jti === 'string' ? `jti:${payload.jti}` : text;
  } catch {
    return text;
  }
}

let lastTouch = 0;
function touched(): void {
  const now = Date.now();
  if (now - lastTouch < 5000) return;
  lastTouch = now;
  void post('/api/activity', {});
}

function onCode(text: string, frameAt: number): void {
  const screen = view?.screen;
  if (screen !== 'idle' && screen !== 'payer') return;
  const key = codeKey(text);
  const at = sent.get(key);
  if (at !== undefined && Date.now() - at < RESEND_AFTER_MS) return;
  sent.set(key, Date.now());
  performance.mark('kiosk:code-frame', { startTime: frameAt });
  performance.mark('kiosk:code-read');
  void post('/api/scan', { text });
}

function cell(row: HTMLTableRowElement, text: string, cls?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  if (cls) td.className = cls;
}

function fillRows(table: HTMLTableElement, rows: Array<[string, string, string?]>): void {
  table.replaceChildren();
  for (const [label, value, cls] of rows) {
    const r = table.insertRow();
    if (cls) r.className = cls;
    cell(r, label);
    cell(r, value, 'num');
  }
}

function person(el: HTMLElement, role: WordKey, p: PersonShown | undefined): void {
  el.replaceChildren();
  el.hidden = !p;
  if (!p) return;
  const head = document.createElement('div');
  head.className = 'who';
  head.textContent = `${t(lang, role)}  ${p.name ?? p.subMasked}`;
  const info = document.createElement('div');
  info.className = 'hint';
  info.textContent = `${p.subMasked} · ${t(lang, 'region')} ${p.region}${p.crossRegion ? `（${t(lang, 'crossRegion')}）` : ''} · ${t(lang, 'channel')} ${p.channel}`;
  el.append(head, info);
}

function renderPin(pin: PinPrompt): void {
  $('pin-title').textContent = pin.payerName ? t(lang, 'pinTitleFor', { name: pin.payerName }) : t(lang, 'pinTitle');
  $('pin-amount').textContent = t(lang, 'pinAmount', { yuan: pin.amount.yuan });
  const tries = $('pin-tries');
  tries.hidden = pin.attempt <= 1;
  tries.textContent = pin.triesLeft !== undefined ? t(lang, 'triesLeft', { n: pin.triesLeft }) : t(lang, 'wrongPin');
  if (keypad?.id === pin.id) return;
  keypad?.pad.destroy();
  keypad = {
    id: pin.id,
    pad: drawKeypad({
      prompt: pin,
      keys: $('keypad'),
      dots: $('dots'),
      onTouch: touched,
      onSealed: (block) => {
        $('pin-tries').hidden = true;
        void post('/api/pin', { id: pin.id, block });
      },
      onSealFailed: () => void post('/api/cancel', {}),
    }),
  };
  performance.mark('kiosk:keypad');
}

function render(): void {
  const v = view;
  if (!v) return;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.body.dataset.screen = v.screen;
  document.body.dataset.mode = v.mode;
  document.querySelectorAll<HTMLElement>('[data-t]').forEach((el) => {
    el.textContent = t(lang, el.dataset.t as WordKey);
  });
  $('lang').textContent = t(lang, 'switchTo');
  $('cancel').title = lang === 'en' ? 'Cancel' : '';
  $('idle-title').textContent = t(lang, v.mode === 'mutual-aid' ? 'idleTitleMutual' : 'idleTitle');
  $('idle-hint').textContent = v.mode === 'mutual-aid' ? t(lang, 'mutualOn') : t(lang, 'idleHint');
  $('mode').textContent = t(lang, v.mode === 'mutual-aid' ? 'modeSelf' : 'modeMutual');
  $('idle-note').textContent = v.screen === 'idle' ? '' : t(lang, 'idleAfter', { n: v.idleSeconds });
  camera?.setReading(v.screen === 'idle' || v.screen === 'payer');

  person($('patient'), 'patient', v.patient);
  person($('payer'), 'payer', v.payer);
  const basket = $<HTMLTableElement>('basket');
  basket.replaceChildren();
  const head = basket.insertRow();
  head.className = 'head';
  for (const h of ['item', 'qty', 'sum'] as const) cell(head, t(lang, h));
  for (const l of v.basket.lines) {
    const r = basket.insertRow();
    cell(r, l.name);
    cell(r, `× ${l.qty}`, 'num');
    cell(r, `¥${l.sum.yuan}`, 'num');
  }
  const total = basket.insertRow();
  total.className = 'total';
  cell(total, t(lang, 'total'));
  cell(total, '');
  cell(total, `¥${v.basket.total.yuan}`, 'num');
  const s = v.split;
  fillRows(
    $<HTMLTableElement>('split'),
    s
      ? [
          [t(lang, 'fund'), `¥${s.fund.yuan}`],
          [t(lang, 'account'), `¥${s.account.yuan}`],
          [t(lang, 'mutualAid'), `¥${s.mutualAid.yuan}`],
          [t(lang, 'cash'), `¥${s.cash.yuan}`, 'total'],
        ]
      : [],
  );

  if (v.screen === 'pin' && v.pin) renderPin(v.pin);
  else if (keypad) {
    keypad.pad.destroy();
    keypad = undefined;
  }

  const r = v.receipt;
  if (v.screen === 'paid' && r) {
    fillRows($<HTMLTableElement>('receipt'), [
      [t(lang, 'pharmacy'), r.pharmacy],
      [t(lang, 'time'), new Date(r.time).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' })],
      [t(lang, 'total'), `¥${r.total.yuan}`, 'total'],
      [t(lang, 'fund'), `¥${r.fund.yuan}`],
      [t(lang, 'account'), `¥${r.account.yuan}`],
      [t(lang, 'mutualAid'), `¥${r.mutualAid.yuan}`],
      [t(lang, 'cash'), `¥${r.cash.yuan}`],
      [t(lang, 'setlId'), r.setlId],
    ]);
    const notice = t(lang, r.payer ? 'balanceAfterPayer' : 'balanceAfter', { yuan: r.balanceAfter.yuan });
    $('notice').textContent = r.cash.fen > 0 ? `${notice}\n${t(lang, 'cashToPay', { yuan: r.cash.yuan })}` : notice;
    if (performance.getEntriesByName('kiosk:receipt').length < performance.getEntriesByName('kiosk:confirm').length) performance.mark('kiosk:receipt');
  }
  const e = v.error;
  if (v.screen === 'refused' && e) {
    $('refused-title').textContent = t(lang, e.nothingCharged ? 'refusedNothing' : 'refusedReversal');
    $('refused-message').textContent = e[lang];
    $('refused-other').textContent = e[lang === 'zh' ? 'en' : 'zh'];
    $('refused-code').textContent = e.code;
  }
}

function main(): void {
  $('lang').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    render();
  });
  $('mode').addEventListener('click', () => void post('/api/mode', { mode: view?.mode === 'mutual-aid' ? 'self' : 'mutual-aid' }));
  for (const id of ['cancel', 'done', 'back']) $(id).addEventListener('click', () => void post('/api/cancel', {}));
  document.addEventListener('pointerdown', touched);
  const events = new EventSource(`/api/events?session=${encodeURIComponent(SESSION)}`);
  events.addEventListener('view', (m) => {
    view = JSON.parse((m as MessageEvent<string>).data) as KioskView;
    render();
  });
  startCamera($<HTMLVideoElement>('video'), onCode).then(
    (c) => {
      camera = c;
      render();
    },
    () => {
      const el = $('camera-error');
      el.hidden = false;
      el.textContent = t(lang, 'cameraFailed');
    },
  );
}

main();
