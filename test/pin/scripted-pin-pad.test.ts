import { compactDecrypt, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/lib/clock.js';
import { pinPadFromOptions } from '../../src/pin/from-options.js';
import { ScriptedPinPad } from '../../src/pin/scripted-pin-pad.js';
import { PIN_STDIN_HELP } from '../../src/cli/commands/checkout.js';
import { SerialPinPad } from '../../src/pin/serial-pin-pad.js';
import { TtyPinPad } from '../../src/pin/tty-pin-pad.js';
import { pinKeyPair } from './keys.js';

let keys: Awaited<ReturnType<typeof pinKeyPair>>;
beforeAll(async () => {
  keys = await pinKeyPair();
});
const req = () => ({ amountFen: 2680, attempt: 1, jti: 'J1', msgid: 'M1', pinKey: keys.publicJwk });

async function pinOf(jwe: string): Promise<unknown> {
  const { plaintext } = await compactDecrypt(jwe, await importJWK(keys.privateJwk, 'ECDH-ES+A256KW'));
  return JSON.parse(new TextDecoder().decode(plaintext));
}

describe('ScriptedPinPad', () => {
  it('seals each scripted PIN in turn, then cancels at the end of the script', async () => {
    const pad = new ScriptedPinPad(['111111', ' 222222 '], { clock: manualClock(1_000_000) });
    expect(await pinOf(await pad.requestPin(req()))).toEqual({ pin: '111111', jti: 'J1', msgid: 'M1', amt: 2680, iat: 1000 });
    expect(await pinOf(await pad.requestPin({ ...req(), attempt: 2, triesLeft: 2 }))).toMatchObject({ pin: '222222' });
    await expect(pad.requestPin(req())).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    expect(pad.requests.map((r) => [r.attempt, r.triesLeft])).toEqual([[1, undefined], [2, 2], [1, undefined]]);
    expect(JSON.stringify(pad.requests)).not.toContain('pinKey');
  });

  it('plays CANCEL, TIMEOUT and refuses a malformed line with PIN_FORMAT', async () => {
    const pad = new ScriptedPinPad(['CANCEL', 'TIMEOUT', '12345']);
    await expect(pad.requestPin(req())).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    await expect(pad.requestPin(req())).rejects.toMatchObject({ code: 'PIN_TIMEOUT' });
    await expect(pad.requestPin(req())).rejects.toMatchObject({ code: 'PIN_FORMAT' });
  });

  it('takes lines from an async source and cancels when aborted while waiting', async () => {
    let release: (line: string) => void = () => {};
    const pad = new ScriptedPinPad(() => new Promise<string>((r) => (release = r)));
    const ac = new AbortController();
    const pending = pad.requestPin({ ...req(), signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'PIN_CANCELLED' });
    const next = pad.requestPin(req());
    release('333333');
    expect(await pinOf(await next)).toMatchObject({ pin: '333333' });
  });

  it('is marked for automation/testing only in its help text', () => {
    expect(PIN_STDIN_HELP).toMatch(/automation\/testing only/);
  });
});

describe('pinPadFromOptions', () => {
  it('picks scripted, serial or terminal pads', () => {
    expect(pinPadFromOptions({ pinStdin: () => undefined })).toBeInstanceOf(ScriptedPinPad);
    expect(pinPadFromOptions({ pinDevice: '/dev/ttyUSB9' })).toBeInstanceOf(SerialPinPad);
    expect(pinPadFromOptions({})).toBeInstanceOf(TtyPinPad);
  });
});
