import { describe, expect, it } from 'vitest';
import { formatPadPrompt, PadReplyParser, type PadEvent } from '../../src/pin/serial-protocol.js';

const feed = (p: PadReplyParser, s: string) => p.push(Buffer.from(s, 'utf8'));
const summary = (events: PadEvent[]) => events.map((e) => e.kind);

describe('formatPadPrompt', () => {
  it('shows the amount in yuan, the masked name, attempt and tries left', () => {
    expect(formatPadPrompt({ amountFen: 2680, payerName: '张*三', attempt: 1 })).toBe('PIN 26.80 张*三 1 -\r\n');
    expect(formatPadPrompt({ amountFen: 5, attempt: 2, triesLeft: 2 })).toBe('PIN 0.05 - 2 2\r\n');
    expect(formatPadPrompt({ amountFen: 100000, payerName: 'a b\r\nOK', attempt: 1 })).toBe('PIN 1000.00 abOK 1 -\r\n');
  });
});

describe('PadReplyParser', () => {
  it('reads key echoes, then OK with six digits into a wipeable buffer', async () => {
    const p = new PadReplyParser();
    const events = [...feed(p, '***<**'), ...feed(p, '**OK 91'), ...feed(p, '8273\r\n')];
    expect(summary(events)).toEqual(['key', 'key', 'key', 'key', 'key', 'key', 'key', 'key', 'ok']);
    const ok = events.at(-1) as Extract<PadEvent, { kind: 'ok' }>;
    const text = await ok.digits.consume(async (d) => Buffer.from(d).toString('latin1'));
    expect(text).toBe('918273');
    expect(ok.digits.length).toBe(0);
  });

  it('reads CANCEL, TIMEOUT, ERR; ignores chatter; flags bad PINs', () => {
    const p = new PadReplyParser();
    expect(summary(feed(p, 'READY\r\nCANCEL\r\nTIMEOUT\nERR battery\r\nERR\r\nERROR\r\n'))).toEqual(['cancel', 'timeout', 'error', 'error']);
    expect(summary(feed(p, 'OK 12345\r\nOK 1234567\r\nOK 12345a\r\nOK\r\n'))).toEqual(['bad-pin', 'bad-pin', 'bad-pin']);
  });

  it('reports an overlong line once and recovers', () => {
    const p = new PadReplyParser();
    expect(summary(feed(p, `${'x'.repeat(200)}\r\nCANCEL\r\n`))).toEqual(['error', 'cancel']);
  });

  it('fuzz: never throws; a well-formed OK inside noise still parses', async () => {
    let seed = 9;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const p = new PadReplyParser();
      const noise = Buffer.alloc(Math.floor(rnd() * 100));
      for (let j = 0; j < noise.length; j++) noise[j] = rnd() < 0.1 ? 0x0a : Math.floor(rnd() * 256);
      p.push(noise);
      const events = p.push(Buffer.from('\r\nOK 246810\r\n'));
      const ok = events.find((e) => e.kind === 'ok') as Extract<PadEvent, { kind: 'ok' }> | undefined;
      expect(ok).toBeDefined();
      expect(await ok?.digits.consume(async (d) => Buffer.from(d).toString('latin1'))).toBe('246810');
    }
  });
});
