/**
 * The kiosk in a real browser: Debian's Chromium (driven by playwright-core)
 * opens the page served by `node examples/kiosk/start.mjs --dir DIR --port 0`,
 * its fake camera plays a .y4m video of a voucher drawn just before, and the
 * test clicks the keypad like a customer. The simulator's ledger is the
 * judge of what was charged. The PIN must appear in no page text or DOM, no
 * console message, no request the page sent, no event the service sent, and
 * no line the service logged.
 *
 * Screenshots of each screen go to test-output/kiosk/ (not committed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { decodeImage } from 'yibao-pos/camera';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecret } from '../helpers/find-secret.js';
import { simEnv, viewReader, type SimEnv } from '../helpers/kiosk.js';
import { blankFrame, qrFrame, writeY4m } from '../helpers/y4m.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-output', 'kiosk');
const W = 640;
const H = 480;
const FPS = 5;
const WRONG_PIN = '918273';
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

let env: SimEnv;
let service: ChildProcess;
let kioskUrl: string;
let work: string;
const serviceLog: string[] = [];
const consoleMessages: string[] = [];
const pageRequests: string[] = [];
const pageTexts: string[] = [];
let events: Awaited<ReturnType<typeof viewReader>>;
/** From the camera frame holding the code to the keypad on screen; from 确认 to the receipt on screen (page marks). */
const timings = { codeToKeypadMs: [] as number[], ofWhichDecodeMs: [] as number[], confirmToReceiptMs: [] as number[] };
const keypadShown = async (page: Page) => {
  timings.codeToKeypadMs.push(await between(page, 'kiosk:code-frame', 'kiosk:keypad'));
  timings.ofWhichDecodeMs.push(await between(page, 'kiosk:code-frame', 'kiosk:code-read'));
};

/** Starts the kiosk as a user would, and waits for its `kiosk ready URL` line. */
function startService(dir: string): Promise<{ url: string; simUrl: string }> {
  service = spawn(process.execPath, ['examples/kiosk/start.mjs', '--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let simUrl = '';
    const timer = setTimeout(() => reject(new Error(`kiosk did not start:\n${out}`)), 30_000);
    service.stderr!.on('data', (d: Buffer) => serviceLog.push(d.toString()));
    service.stdout!.on('data', (d: Buffer) => {
      serviceLog.push(d.toString());
      out += d.toString();
      simUrl ||= /gateway simulator (http:\/\/\S+)/.exec(out)?.[1] ?? '';
      const ready = /kiosk ready (http:\/\/\S+)/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve({ url: ready[1]!, simUrl });
      }
    });
    service.on('exit', (code) => reject(new Error(`kiosk exited ${code}:\n${out}`)));
  });
}

/** A Chromium with a fresh profile whose camera plays `frames`, on the kiosk page. */
async function openKiosk(name: string, frames: Uint8Array[], viewport = PORTRAIT): Promise<{ page: Page; context: BrowserContext }> {
  const video = join(work, `${name}.y4m`);
  await writeY4m(video, frames, W, H, FPS);
  const context = await chromium.launchPersistentContext(await mkdtemp(join(work, `profile-${name}-`)), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => consoleMessages.push(m.text()));
  page.on('pageerror', (e) => consoleMessages.push(String(e)));
  page.on('request', (r) => {
    pageRequests.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`);
    if (!r.url().startsWith(kioskUrl)) throw new Error(`the page asked for ${r.url()}`);
  });
  await page.goto(kioskUrl);
  await screen(page, 'idle');
  return { page, context };
}

const screen = (page: Page, name: string) => page.waitForSelector(`body[data-screen="${name}"]`, { timeout: 20_000 });

/** Page text and DOM of this moment, kept for the PIN search, and a screenshot. */
async function snap(page: Page, name: string): Promise<void> {
  pageTexts.push(await page.evaluate(() => `${document.body.innerText}\n${document.documentElement.outerHTML}`));
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const keypadOrder = (page: Page) => page.locator('#keypad button.digit').allTextContents();

async function typePin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByRole('button', { name: d, exact: true }).click();
  await expect.poll(() => page.locator('#dots .dot.filled').count()).toBe(6);
  await page.getByRole('button', { name: '确认', exact: true }).click();
}

/** Milliseconds between two performance marks the page made (their last occurrences). */
const between = (page: Page, from: string, to: string) =>
  page.evaluate(
    ([a, b]) => {
      const last = (n: string) => performance.getEntriesByName(n).at(-1)!.startTime;
      return last(b!) - last(a!);
    },
    [from, to],
  );

/** `n` frames showing the same code (one drawing: the frames are equal). */
const fill = (text: string, n: number) => Array(n).fill(qrFrame(text, W, H)) as Uint8Array[];
const blank = (seconds: number) => Array(seconds * FPS).fill(blankFrame(W, H)) as Uint8Array[];
/** The code the whole-sale test paid with, shown again by the replay test. */
let paidCode = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  await mkdir(SHOTS, { recursive: true });
  work = await mkdtemp(join(tmpdir(), 'yibao-kiosk-browser-'));
  env = await simEnv({ startSim: false });
  const started = await startService(env.dir);
  kioskUrl = started.url;
  env.useSimulatorAt(started.simUrl);
  events = await viewReader(kioskUrl);
}, 60_000);

afterAll(async () => {
  await events?.close();
  if (service && service.exitCode === null) {
    const exited = new Promise((r) => service.once('exit', r));
    service.kill('SIGTERM');
    await exited;
  }
  await env?.close();
  await rm(work, { recursive: true, force: true, maxRetries: 5 });
  const ms = (a: number[]) => a.map(Math.round).join(', ');
  console.log(`kiosk timings (ms): code in a camera frame → keypad ${ms(timings.codeToKeypadMs)} (of which decoding ${ms(timings.ofWhichDecodeMs)}); 确认 → receipt ${ms(timings.confirmToReceiptMs)}`);
});

describe('kiosk in Chromium', { timeout: 90_000 }, () => {
  it('the whole sale by the keypad: code → keypad, a wrong PIN (tries left, new keypad), the right PIN → 支付成功 with the balance after', async () => {
    const before = await env.balanceOf('employee');
    paidCode = await env.code('employee');
    // A second of nothing first: a kiosk's decoder has been reading frames for a while when a customer comes.
    const { page, context } = await openKiosk('sale', [...blank(1), ...fill(paidCode, 10)]);
    try {
      await screen(page, 'pin');
      await expect.poll(() => page.locator('#patient').innerText()).toContain(env.person('employee').name);
      await expect.poll(() => page.locator('#split').innerText()).toContain('45.30');
      await keypadShown(page);
      const firstOrder = await keypadOrder(page);
      expect([...firstOrder].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      await expect.poll(() => page.locator('#keypad button').count()).toBe(12);
      await snap(page, 'portrait-2-keypad');

      const firstPrompt = await page.locator('#keypad').getAttribute('data-prompt');
      await typePin(page, WRONG_PIN);
      await expect.poll(() => page.locator('#pin-tries').innerText(), { timeout: 15_000 }).toContain('还可尝试 2 次');
      await expect.poll(() => page.locator('#keypad').getAttribute('data-prompt')).not.toBe(firstPrompt);
      await expect.poll(() => page.locator('#dots .dot.filled').count()).toBe(0);
      await snap(page, 'portrait-3-wrong-pin');

      await typePin(page, env.person('employee').pin);
      await screen(page, 'paid');
      timings.confirmToReceiptMs.push(await between(page, 'kiosk:confirm', 'kiosk:receipt'));
      const paid = await page.locator('#screen-paid').innerText();
      expect(paid).toContain('支付成功');
      expect(paid).toContain(`¥${((before! - 4530) / 100).toFixed(2)}`);
      expect(await env.balanceOf('employee')).toBe(before! - 4530);
      await snap(page, 'portrait-4-paid');

      // 完成: at once back to idle; the same code still in front of the camera is not taken again.
      await page.getByRole('button', { name: '完成', exact: true }).click();
      await screen(page, 'idle');
      await page.waitForTimeout(1000);
      expect(await page.locator('body').getAttribute('data-screen')).toBe('idle');
    } finally {
      await context.close();
    }
  });

  it('a replayed code (the same one, shown again to a fresh page) is refused in plain words; 返回 goes back to idle', async () => {
    expect(paidCode).not.toBe('');
    const { page, context } = await openKiosk('replay', fill(paidCode, 10), LANDSCAPE);
    try {
      await screen(page, 'refused');
      await expect.poll(() => page.locator('#refused-message').innerText()).toBe('该码已使用，请让顾客刷新付款码');
      await expect.poll(() => page.locator('#refused-title').innerText()).toBe('未能支付，未扣款');
      await snap(page, 'landscape-5-replayed');
      await page.getByRole('button', { name: '返回', exact: true }).click();
      await screen(page, 'idle');
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.locator('#idle-title').innerText()).toBe('Show your medical-insurance code');
      await snap(page, 'landscape-6-idle-en');
    } finally {
      await context.close();
    }
  });

  it('取消 at the keypad after two digits: back to idle at once, nothing booked', async () => {
    const booked = (await env.bookings()).length;
    const { page, context } = await openKiosk('cancel-pin', [...blank(1), ...fill(await env.code('resident'), 10)], LANDSCAPE);
    try {
      await screen(page, 'pin');
      await keypadShown(page);
      await snap(page, 'landscape-7-keypad');
      for (const d of '12') await page.getByRole('button', { name: d, exact: true }).click();
      await expect.poll(() => page.locator('#dots .dot.filled').count()).toBe(2);
      await page.getByRole('button', { name: '取消', exact: true }).click();
      await screen(page, 'idle');
      await expect.poll(() => page.locator('#keypad button').count()).toBe(0);
      expect((await env.bookings()).length).toBe(booked);
    } finally {
      await context.close();
    }
  });

  it('mutual aid: the patient’s code, the payer asked for and read next, the payer’s PIN; 取消 at the payer step leaves nothing booked', async () => {
    const owner = env.person('mutual-aid-owner');
    const before = await env.balanceOf('mutual-aid-owner');
    // 5 s of nothing (time to choose mutual aid), then the patient's code, then the payer's.
    const frames = [...blank(5), ...fill(await env.code('mutual-aid-member'), 2 * FPS), ...fill(await env.code('mutual-aid-owner'), 2 * FPS)];
    const { page, context } = await openKiosk('mutual-aid', frames);
    try {
      await page.getByRole('button', { name: '家人共济支付' }).click();
      await expect.poll(() => page.locator('#idle-title').innerText()).toBe('请出示就诊人的医保电子凭证');
      await snap(page, 'portrait-1-idle-mutual-aid');
      await screen(page, 'payer');
      await expect.poll(() => page.locator('#patient').innerText()).toContain(env.person('mutual-aid-member').name);
      await snap(page, 'portrait-8-payer');
      await screen(page, 'pin');
      await keypadShown(page);
      await expect.poll(() => page.locator('#pin-title').innerText()).toContain(owner.name);
      await expect.poll(() => page.locator('#split').innerText()).toContain('共济账户支付');
      await typePin(page, owner.pin);
      await screen(page, 'paid');
      timings.confirmToReceiptMs.push(await between(page, 'kiosk:confirm', 'kiosk:receipt'));
      await expect.poll(() => page.locator('#notice').innerText()).toContain('付款人个人账户余额');
      await snap(page, 'portrait-9-mutual-aid-paid');
      expect(await env.balanceOf('mutual-aid-owner')).toBe(before! - 4530);
      await page.getByRole('button', { name: '完成', exact: true }).click();
      await screen(page, 'idle');
    } finally {
      await context.close();
    }

    const booked = (await env.bookings()).length;
    const second = await openKiosk('cancel-payer', [...blank(5), ...fill(await env.code('mutual-aid-member'), 2 * FPS), ...blank(2)]);
    try {
      await second.page.getByRole('button', { name: '家人共济支付' }).click();
      await screen(second.page, 'payer');
      await second.page.getByRole('button', { name: '取消', exact: true }).click();
      await screen(second.page, 'idle');
      expect((await env.bookings()).length).toBe(booked);
    } finally {
      await second.context.close();
    }
  });

  it('the test wallet (simulator mode) draws a fresh code for a test person that the decoder reads back', async () => {
    const { page, context } = await openKiosk('wallet', blank(1), LANDSCAPE);
    try {
      await page.goto(`${kioskUrl}wallet`);
      await page.getByRole('button', { name: /mutual-aid-owner/ }).click();
      await page.waitForSelector('#qr svg');
      await snap(page, 'landscape-10-wallet');
      const codes = await decodeImage(new Uint8Array(await page.locator('#qr').screenshot()));
      expect(codes).toHaveLength(1);
      expect(codes[0]!.kind).toBe('voucher');
      const claims = JSON.parse(Buffer.from(codes[0]!.text.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string; exp: number; iat: number };
      expect(claims.sub).toBe(env.person('mutual-aid-owner').sub);
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(60);
    } finally {
      await context.close();
    }
  });

  it('the PIN is in no page text or DOM, console message, request of the page, event of the service or service log line', () => {
    const secrets = [WRONG_PIN, env.person('employee').pin, env.person('mutual-aid-owner').pin];
    expect(pageTexts.length).toBeGreaterThan(5);
    expect(pageRequests.some((r) => r.includes('/api/pin'))).toBe(true);
    for (const secret of secrets) {
      expect(findSecret(secret, { strings: [...pageTexts, ...consoleMessages, ...pageRequests, ...events.raw, ...serviceLog] })).toEqual([]);
    }
  });
});
