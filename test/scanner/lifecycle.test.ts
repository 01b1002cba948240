/** The scanner's two transition tables, and that Scanner moves only through them. */
import { describe, expect, it } from 'vitest';
import type { BindingPort, BindingSink } from '../../src/scanner/binding.js';
import { LINK_TRANSITIONS, nextScannerState, SCANNER_TRANSITIONS, type ScannerCommand, type ScannerState } from '../../src/scanner/lifecycle.js';
import { Scanner } from '../../src/scanner/scanner.js';
import { codeOfCall } from '../helpers/error-code.js';
import { manualTimer, once, PushBinding } from './helpers.js';

const STATES = Object.keys(SCANNER_TRANSITIONS) as ScannerState[];
const COMMANDS: ScannerCommand[] = ['open', 'claim', 'enable', 'disable', 'release', 'close'];

describe('scanner lifecycle table', () => {
  it('takes close everywhere, and claim and enable only in order', () => {
    for (const s of STATES) expect(nextScannerState(s, 'close')).toBe('closed');
    expect(STATES.filter((s) => SCANNER_TRANSITIONS[s].claim)).toEqual(['opened', 'claimed', 'enabled']);
    expect(STATES.filter((s) => SCANNER_TRANSITIONS[s].enable)).toEqual(['claimed', 'enabled']);
    for (const s of STATES) for (const c of COMMANDS) {
      const to = SCANNER_TRANSITIONS[s][c];
      if (to !== undefined) expect(STATES).toContain(to);
    }
    for (const [from, tos] of Object.entries(LINK_TRANSITIONS)) if (from !== 'down') expect(tos).toContain('down');
  });

  it('refuses a move the table lacks with SCAN_STATE, naming the state, the command and what it needs', () => {
    expect(codeOfCall(() => nextScannerState('closed', 'claim'))).toBe('SCAN_STATE');
    try {
      nextScannerState('opened', 'enable');
    } catch (e) {
      expect(e).toMatchObject({ code: 'SCAN_STATE', details: { state: 'opened', command: 'enable', needs: 'claimed' } });
      expect((e as { messages: { zh: string } }).messages.zh).toBe('扫码枪状态不允许此操作');
    }
  });

  it('keeps repeated commands idempotent on a real Scanner, and disable/release from any state', async () => {
    const s = new Scanner({ binding: new PushBinding() });
    await s.disable();
    await s.release();
    expect(s.state).toBe('closed');
    await s.open();
    await s.open();
    await s.claim();
    await s.claim();
    await s.enable();
    await s.enable();
    expect(s.state).toBe('enabled');
    await s.disable();
    expect(s.state).toBe('claimed');
    await s.close();
    await s.close();
    expect(s.state).toBe('closed');
    await expect(s.enable()).rejects.toMatchObject({ code: 'SCAN_STATE' });
  });
});

/** Holds the binding's next opens until the returned function is called. */
function gateOpens(binding: PushBinding): () => void {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const open = binding.open.bind(binding);
  binding.open = async (sink) => {
    await gate;
    return open(sink);
  };
  return release;
}

describe('scanner device link', () => {
  it('fails the first open with SCAN_DISCONNECTED when the device vanishes before it finished', async () => {
    let closed = 0;
    const binding = {
      format: 'bytes' as const,
      source: 'test:vanishing',
      reopenable: true,
      async open(sink: BindingSink): Promise<BindingPort> {
        sink.disconnected(new Error('EIO'));
        return { close: async () => void closed++ };
      },
    };
    const s = new Scanner({ binding, reopen: { timer: manualTimer() } });
    await expect(s.open()).rejects.toMatchObject({ code: 'SCAN_DISCONNECTED' });
    expect(s.state).toBe('closed');
    expect(s.isAttached).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(1);
  });

  it('closes the port of a reopen that lands after close(), and emits no attach', async () => {
    const timer = manualTimer();
    const binding = new PushBinding();
    const s = new Scanner({ binding, reopen: { initialMs: 10, timer } });
    await s.open();
    const release = gateOpens(binding);
    binding.sink!.disconnected(new Error('EIO'));
    let attaches = 0;
    s.on('attach', () => attaches++);
    timer.fire(); // the reopen attempt starts and waits on the gate
    await s.close();
    release();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(binding.closed).toBe(2); // the first port at the unplug, the late one at once
    expect(attaches).toBe(0);
    expect(s.state).toBe('closed');
    expect(s.isAttached).toBe(false);
  });

  it('ignores the device coming back while a reopen attempt is already in flight', async () => {
    const timer = manualTimer();
    const binding = new PushBinding();
    let back!: () => void;
    Object.assign(binding, { waitForDevice: () => new Promise<void>((r) => (back = r)) });
    const s = new Scanner({ binding, reopen: { initialMs: 10, timer } });
    await s.open();
    const release = gateOpens(binding);
    binding.sink!.disconnected(new Error('EIO'));
    timer.fire(); // attempt 1 in flight
    back(); // the device is back: a second trigger
    await new Promise((r) => setImmediate(r));
    const attached = once(s, 'attach');
    release();
    await attached;
    expect(binding.opens).toBe(2);
    expect(s.isAttached).toBe(true);
    await s.close();
  });
});
