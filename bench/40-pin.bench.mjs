// PIN block sealing: sealPinBlock (validation, key import, byte-assembled
// payload, wipe) against bare jose CompactEncrypt of the same payload with a
// pre-imported key, measured in the same run. YIBAO_DIST picks another build.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompactEncrypt, exportJWK, generateKeyPair } from 'jose';
import { fmt, opsPerSecond } from './stats.mjs';

const dist = resolve(process.env.YIBAO_DIST ?? new URL('../dist', import.meta.url).pathname);

export async function run() {
  const { sealPinBlock, ScriptedPinPad } = await import(pathToFileURL(resolve(dist, 'pin/index.js')).href);
  const { publicKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
  const pinKey = await exportJWK(publicKey);
  const bound = { jti: 'bench-jti-0001', msgid: 'P42010000001202611220800000001', amountFen: 2680 };
  const payload = new TextEncoder().encode(JSON.stringify({ pin: '918273', jti: bound.jti, msgid: bound.msgid, amt: 2680, iat: 1_700_000_000 }));

  const base = await opsPerSecond(() => new CompactEncrypt(payload).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' }).encrypt(publicKey));
  const seal = await opsPerSecond(() => sealPinBlock('918273', { ...bound, pinKey, now: 1_700_000_000_000 }));
  const pad = new ScriptedPinPad(() => '918273');
  const scripted = await opsPerSecond(() => pad.requestPin({ ...bound, attempt: 1, pinKey }));
  console.log(`baseline jose CompactEncrypt (key pre-imported): ${fmt(base)} ops/s`);
  console.log(`sealPinBlock:                                     ${fmt(seal)} ops/s  (${fmt(seal / base, 2)}x baseline, ${fmt(1000 / seal, 3)} ms each)`);
  console.log(`ScriptedPinPad.requestPin:                        ${fmt(scripted)} ops/s  (${fmt(scripted / base, 2)}x baseline)`);
}
