/**
 * A trust-list refresh reads no further than the largest list accepted
 * (1 MiB): an endless answer is cut off mid-stream, not buffered whole
 * (a 700 MB answer once took the process to 785 MB).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TrustStore } from '../../src/voucher/trust-store.js';
import { makeKit, T0 } from './helpers.js';

const MiB = 1024 * 1024;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

/** Serves `total` bytes of 'A' (with or without a content-length) and counts what the client took. */
async function flood(total: number, declare: boolean): Promise<{ url: string; sent: () => number; closed: Promise<void> }> {
  let sent = 0;
  let onClosed!: () => void;
  const closed = new Promise<void>((r) => (onClosed = r));
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/jose', ...(declare ? { 'content-length': String(total) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', onClosed);
    pump();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/trust.jws`, sent: () => sent, closed };
}

describe('bounded trust-list download', () => {
  it('stops reading an undeclared 256 MiB answer soon after 1 MiB and keeps the good list', async () => {
    const kit = await makeKit();
    const f = await flood(256 * MiB, false);
    const store = await TrustStore.open({ rootKey: kit.root.publicJwk, initial: kit.trustJws, url: f.url, clock: () => T0 * 1000, timeoutMs: 60_000 });
    const before = process.memoryUsage().rss;
    expect(await store.refresh()).toBe('failed');
    await f.closed;
    // What left the server before the client hung up: the limit plus socket buffers, nowhere near the whole answer.
    expect(f.sent()).toBeLessThan(32 * MiB);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MiB);
    expect(store.seq).toBe(kit.trust.seq);
  });

  it('refuses a declared length above the limit without reading the body', async () => {
    const kit = await makeKit();
    const f = await flood(64 * MiB, true);
    const store = await TrustStore.open({ rootKey: kit.root.publicJwk, initial: kit.trustJws, url: f.url, clock: () => T0 * 1000, timeoutMs: 60_000 });
    expect(await store.refresh()).toBe('failed');
    await f.closed;
    expect(f.sent()).toBeLessThan(32 * MiB);
  });
});
