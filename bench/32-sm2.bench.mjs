// SM2 (SM3withSM2, GM/T 0003) signing and verifying per second beside ES256
// on the same machine in the same run: ES256 through node:crypto (what the
// JWS profile's jose uses underneath), SM2 through this package (node:crypto:
// SM3, SM4 and OpenSSL's SM2-curve arithmetic; the scheme's r and s in
// BigInt), and the pure-JS sm-crypto it replaced. Message: a 1 KiB envelope.
// The floor row: one k·G on the SM2 curve through OpenSSL (what every SM2
// signature needs once, constant-time; OpenSSL 3.0 has no optimised SM2
// curve, while P-256 has its nistz256 assembly), so the ratio SM2 can reach
// on this Node is printed beside the goal.
// YIBAO_DIST=.build/NAME points it at a private build (default dist/).
import { createECDH, createPrivateKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import smCrypto from 'sm-crypto';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.YIBAO_DIST ?? join(here, '..', 'dist'));

function perSecond(ms, fn) {
  for (let i = 0; i < 20; i++) fn(); // warm-up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    fn();
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

export async function run() {
  const { sm2KeyPair, sm2Sign, sm2Verify } = await import(pathToFileURL(join(dist, 'gateway', 'index.js')).href);
  const msg = Buffer.alloc(1024, 0x61);
  const es = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const esKey = createPrivateKey(es.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const esSig = sign('sha256', msg, esKey);
  const sm = sm2KeyPair();
  const smSig = sm2Sign(msg, sm.privateKeyHex, { publicKeyHex: sm.publicKeyHex });
  const arr = Array.from(msg);
  const jsSig = smCrypto.sm2.doSignature(arr, sm.privateKeyHex, { hash: true, publicKey: sm.publicKeyHex });
  const ms = Number(process.env.BENCH_MS ?? 1500);
  const rows = [
    ['ES256 sign (node:crypto)', perSecond(ms, () => sign('sha256', msg, esKey))],
    ['SM2 sign (node:crypto)', perSecond(ms, () => sm2Sign(msg, sm.privateKeyHex, { publicKeyHex: sm.publicKeyHex }))],
    ['k·G on SM2 (OpenSSL, floor)', perSecond(ms, () => {
      const ecdh = createECDH('SM2');
      ecdh.setPrivateKey(randomBytes(32));
      ecdh.getPublicKey();
    })],
    ['SM2 sign (sm-crypto)', perSecond(ms, () => smCrypto.sm2.doSignature(arr, sm.privateKeyHex, { hash: true, publicKey: sm.publicKeyHex }))],
    ['ES256 verify (node:crypto)', perSecond(ms, () => verify('sha256', msg, es.publicKey, esSig))],
    ['SM2 verify (node:crypto)', perSecond(ms, () => sm2Verify(msg, smSig, sm.publicKeyHex))],
    ['SM2 verify (sm-crypto)', perSecond(ms, () => smCrypto.sm2.doVerifySignature(arr, jsSig, sm.publicKeyHex, { hash: true }))],
  ];
  for (const [name, rate] of rows) console.log(`${name.padEnd(28)} ${rate.toFixed(0).padStart(7)} /s`);
  const ratio = rows[0][1] / rows[1][1];
  console.log(`SM2 signing costs ${ratio.toFixed(1)}x ES256 here (goal: within 3x); one OpenSSL k·G alone costs ${(rows[0][1] / rows[2][1]).toFixed(1)}x`);
}
