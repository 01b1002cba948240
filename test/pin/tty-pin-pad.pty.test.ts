/**
 * The terminal PIN pad in a real pseudo-terminal: tmux runs the built
 * package's TtyPinPad; the test types keys with send-keys and reads the
 * screen with capture-pane. Needs a build: YIBAO_DIST (or dist/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compactDecrypt, importJWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIST } from '../helpers/cli.js';
import { findSecretInStrings } from '../helpers/find-secret.js';
import { pinKeyPair } from './keys.js';

const SCRIPT = resolve('test/pin/fixtures/tty-pin-script.mjs');
// A fresh tmux server per test: reusing a socket races the previous server's shutdown.
let sessions = 0;
let socket = '';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

let keys: Awaited<ReturnType<typeof pinKeyPair>>;
let dir: string | undefined;

beforeAll(async () => {
  keys = await pinKeyPair();
});

afterEach(() => {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Polls `probe` until it returns a value, at most `ms`; no fixed sleeps. */
async function waitFor<T>(probe: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${screen()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const screen = () => {
  try {
    return tmux('capture-pane', '-p', '-t', 'pin');
  } catch {
    return '';
  }
};

/** The row of the pane holding the PIN field. */
const pinField = () => screen().split('\n').find((l) => l.includes('PIN:'))?.replace(/^.*PIN:/, '').trim();

function start(mode: 'normal' | 'timeout' | 'crash') {
  socket = `yibao-pin-test-${process.pid}-${++sessions}`;
  const work = mkdtempSync(join(tmpdir(), 'yibao-pin-pty-'));
  dir = work;
  const keyFile = join(work, 'pin.jwk');
  writeFileSync(keyFile, JSON.stringify(keys.publicJwk));
  const out = join(work, 'out.json');
  const stty = join(work, 'stty.txt');
  const cmd = `node ${SCRIPT} ${DIST} ${keyFile} ${out} ${mode}; stty -a > ${stty}; exec cat`;
  tmux('new-session', '-d', '-s', 'pin', '-x', '160', '-y', '30', cmd);
  return { out, stty };
}

const readJson = (file: string) => (existsSync(file) && readFileSync(file, 'utf8').endsWith('}') ? (JSON.parse(readFileSync(file, 'utf8')) as { jwe?: string; code?: string }) : undefined);
const keysIn = (...k: string[]) => tmux('send-keys', '-t', 'pin', ...k);

describe('TtyPinPad in a tmux pseudo-terminal', () => {
  it('has a build to run', () => {
    expect(existsSync(resolve(DIST, 'pin/index.js')), `build first: npm run build, or set YIBAO_DIST (looked in ${DIST})`).toBe(true);
  });

  it('echoes one star per digit, honours Backspace, never shows digits, seals on Enter', async () => {
    const { out, stty } = start('normal');
    await waitFor(() => (pinField() === '' ? true : undefined), 'the PIN prompt');
    expect(screen()).toContain('¥26.80');
    keysIn('9', '1', '8');
    await waitFor(() => (pinField() === '***' ? true : undefined), 'three stars');
    keysIn('BSpace');
    await waitFor(() => (pinField() === '**' ? true : undefined), 'two stars after Backspace');
    keysIn('8', '2', '7');
    keysIn('Enter'); // five digits: refused
    keysIn('3');
    await waitFor(() => (pinField() === '******' ? true : undefined), 'six stars');
    keysIn('Enter');
    const result = await waitFor(() => readJson(out), 'the sealed block');
    expect(result.code).toBeUndefined();
    const { plaintext } = await compactDecrypt(result.jwe as string, await importJWK(keys.privateJwk, 'ECDH-ES+A256KW'));
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toMatchObject({ pin: '918273', jti: 'J-tmux', msgid: 'M-tmux', amt: 2680 });
    const modes = await waitFor(() => (existsSync(stty) && readFileSync(stty, 'utf8').includes('icanon') ? readFileSync(stty, 'utf8') : undefined), 'stty');
    expect(modes).toMatch(/(^|\s)icanon\b/);
    expect(modes).toMatch(/(^|\s)echo\b/);
    const history = tmux('capture-pane', '-p', '-S', '-100', '-t', 'pin');
    expect(findSecretInStrings('918273', [history])).toEqual([]);
    for (const d of ['918', '827', '273']) expect(history).not.toContain(d);
  });

  it('cancels on Escape with PIN_CANCELLED and restores the terminal', async () => {
    const { out, stty } = start('normal');
    await waitFor(() => (pinField() === '' ? true : undefined), 'the PIN prompt');
    keysIn('4', '5');
    await waitFor(() => (pinField() === '**' ? true : undefined), 'two stars');
    keysIn('Escape');
    expect(await waitFor(() => readJson(out), 'the outcome')).toEqual({ code: 'PIN_CANCELLED' });
    const modes = await waitFor(() => (existsSync(stty) && readFileSync(stty, 'utf8').includes('icanon') ? readFileSync(stty, 'utf8') : undefined), 'stty');
    expect(modes).toMatch(/(^|\s)icanon\b/);
  });

  it('times out with PIN_TIMEOUT', async () => {
    const { out } = start('timeout');
    expect(await waitFor(() => readJson(out), 'the timeout')).toEqual({ code: 'PIN_TIMEOUT' });
  });

  it('restores the terminal when the caller crashes mid-prompt', async () => {
    const { out, stty } = start('crash');
    await waitFor(() => (pinField() === '' ? true : undefined), 'the PIN prompt');
    keysIn('1');
    await waitFor(() => (pinField() === '*' ? true : undefined), 'one star');
    const pid = await waitFor(() => (existsSync(`${out}.pid`) ? Number(readFileSync(`${out}.pid`, 'utf8')) : undefined), 'the pid');
    process.kill(pid, 'SIGUSR2');
    const modes = await waitFor(() => (existsSync(stty) && readFileSync(stty, 'utf8').includes('icanon') ? readFileSync(stty, 'utf8') : undefined), 'stty after the crash');
    expect(modes).toMatch(/(^|\s)icanon\b/);
    expect(modes).toMatch(/(^|\s)echo\b/);
    expect(existsSync(out)).toBe(false);
    expect(screen()).toContain('caller crashed');
  });
});
