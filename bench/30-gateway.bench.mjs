// Gateway client overhead per call: GatewayClient.settle (request checks,
// envelope, one JSON serialization, ES256 signature of the exact bytes,
// answer parsing and fen conversion) against a bare global fetch of a body
// of the same size, both to the same loopback node:http server that answers
// a canned 2102 success at once. Measured in the same run, sequentially;
// the difference of the medians is what the client adds per call.
// Throughput with 1/16/128 terminals over the real simulator: 31-simulator.
// YIBAO_DIST=.build/NAME points it at a private build (default dist/).
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exportJWK, generateKeyPair } from 'jose';
import { fmt, summarize } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.YIBAO_DIST ?? join(here, '..', 'dist'));

const SETTLED = JSON.stringify({
  infcode: 0,
  inf_refmsgid: '420100202611221200000000000001',
  err_msg: '',
  output: {
    setlinfo: { setl_id: 'S1', mdtrt_id: 'M1', psn_no: 'PSN1', medfee_sumamt: '26.80', fund_pay_sumamt: '0.00', acct_pay: '26.80', acct_mulaid_pay: '0.00', psn_cash_pay: '0.00', balc: '473.20' },
  },
});
const SIGNED_IN = JSON.stringify({ infcode: 0, output: { signinoutb: { sign_time: '2026-11-22 12:00:00', sign_no: 'SIGN-1' } } });

async function timeCalls(n, fn) {
  for (let i = 0; i < 200; i++) await fn(i); // warm-up
  const lat = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    lat.push(performance.now() - t);
  }
  return summarize(lat);
}

export async function run() {
  const { GatewayClient } = await import(pathToFileURL(join(dist, 'gateway', 'index.js')).href);
  let lastBodyBytes = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      lastBodyBytes = raw.length;
      const out = raw.includes('"infno":"9001"') ? SIGNED_IN : SETTLED;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;

  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const terminalKey = { ...(await exportJWK(privateKey)), kid: 'bench-terminal' };
  // The sequence store wraps around so the bench can run past 10000 calls a second.
  let seq = 0;
  const client = new GatewayClient({
    url,
    terminalKey,
    fixmedinsCode: 'P42010000001',
    fixmedinsName: '基准药房',
    mdtrtAreaAdmvs: '420100',
    devNo: 'POS-BENCH',
    sequence: { nextSeq: () => seq++ % 10000 },
  });
  const req = {
    voucherText: `YBV1:${'x'.repeat(420)}`,
    psnNo: 'PSN1',
    insutype: '310',
    insuplcAdmdvs: '420100',
    items: [
      { code: 'XA01AAA001', qty: 2, priceFen: 1000, traceCode: '81234567890123456789' },
      { code: 'XB02BBB002', qty: 1, priceFen: 680 },
    ],
    totalFen: 2680,
    pinBlock: `eyJ${'p'.repeat(380)}`,
  };
  await client.signIn();
  await client.settle(req, { msgid: client.newMsgid() });
  const body = Buffer.alloc(lastBodyBytes, 0x20);
  body.write('{"infno":"2102"}');
  const headers = { 'content-type': 'application/json; charset=utf-8', 'x-yb-signature': 'h'.repeat(150) };

  const n = 3000;
  const bare = await timeCalls(n, async () => {
    const res = await fetch(`${url}/trans`, { method: 'POST', body, headers });
    JSON.parse(await res.text());
  });
  const sdk = await timeCalls(n, () => client.settle(req, { msgid: client.newMsgid() }));
  await client.close();
  await new Promise((r) => server.close(r));

  const overhead = sdk.median - bare.median;
  console.log(`body ${lastBodyBytes} bytes, ${n} sequential calls each, loopback`);
  console.log(`baseline bare fetch + JSON.parse:  median ${fmt(bare.median, 3)} ms  p99 ${fmt(bare.p99, 3)} ms`);
  console.log(`GatewayClient.settle:              median ${fmt(sdk.median, 3)} ms  p99 ${fmt(sdk.p99, 3)} ms  (${fmt(sdk.median / bare.median, 2)}x baseline)`);
  console.log(`client overhead per call (median difference): ${fmt(overhead, 3)} ms (goal < 1 ms: ${overhead < 1 ? 'met' : 'NOT met'})`);
}
