/**
 * `npm run kiosk -- --dir DIR --port P [--gateway URL]` as other tools use it
 * (run here as `node examples/kiosk/start.mjs …` after the build): the
 * `kiosk ready URL` line, the simulator started or not, the temporary
 * environment with its test persons and PINs, and a missing environment.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sessionOf, simEnv } from '../helpers/kiosk.js';

function run(args: string[]) {
  const child = spawn(process.execPath, ['examples/kiosk/start.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /kiosk ready (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
  // Refusal tests wait on `exited` only.
  ready.catch(() => undefined);
  return {
    ready,
    exited,
    output: () => out,
    errors: () => err,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('npm run kiosk', () => {
  it('with no --dir: a temporary environment, its persons and PINs printed, the simulator, kiosk ready on loopback; SIGTERM cleans up', async () => {
    const k = run(['--port', '0']);
    const url = await k.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const out = k.output();
    const dir = /temporary environment (\S+)/.exec(out)![1]!;
    expect(out).toMatch(/employee\s+张\*三\s+YBTEST0001EMPLOYEE\s+222222\s+500\.00/);
    expect(out).toMatch(/gateway simulator http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain(`wallet (test codes to show the camera) ${url}wallet`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/kiosk.js"></script>');
    const persons = (await (await fetch(`${url}api/wallet/persons`, { headers: { 'X-Kiosk-Session': await sessionOf(url) } })).json()) as Array<{ case: string; sub: string }>;
    expect(persons.map((p) => p.case)).toContain('mutual-aid-owner');
    expect(persons[0]).not.toHaveProperty('pin');
    expect(await k.stop()).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('--dir with --gateway: the given gateway, no simulator of its own, no test wallet; --port is honoured', async () => {
    const env = await simEnv();
    try {
      const probe = run(['--dir', env.dir, '--gateway', env.sim.url, '--port', '0']);
      const url = await probe.ready;
      expect(probe.output()).not.toContain('gateway simulator');
      const session = { headers: { 'X-Kiosk-Session': await sessionOf(url) } };
      expect((await fetch(`${url}api/wallet/persons`, session)).status).toBe(404);
      const view = (await (await fetch(`${url}api/view`, session)).json()) as { screen: string };
      expect(view.screen).toBe('idle');
      await probe.stop();
      // The port asked for is the port served.
      const port = Number(new URL(url).port);
      const again = run(['--dir', env.dir, '--gateway', env.sim.url, '--port', String(port)]);
      expect(await again.ready).toBe(`http://127.0.0.1:${port}/`);
      await again.stop();
    } finally {
      await env.close();
    }
  });

  it('refuses a --dir without an environment (exit 1, the simulator’s own message) and bad options (exit 2)', async () => {
    const missing = run(['--dir', '/nonexistent/yibao-env', '--port', '0']);
    expect(await missing.exited).toBe(1);
    expect(missing.errors()).toContain('SIM_ENV_MISSING');
    expect(missing.errors()).toContain('yibao-pos gateway init --dir DIR');
    const bad = run(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.errors()).toContain('usage: npm run kiosk');
  });
});
