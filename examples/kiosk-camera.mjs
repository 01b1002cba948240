// @ts-check
// A self-service kiosk reads the voucher from its camera: each frame is an
// image; decodeQrImage finds the QR in it. Here the "camera frame" is a PNG
// of a freshly drawn code; a kiosk passes its video frames as RGBA.
//
//   npm run build && node examples/kiosk-camera.mjs
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal, decodeQrImage, formatReceipt, ScriptedPinPad } from 'yibao-pos';
import { initEnvironment, issueVoucher, readEnvKey, startSimulator, terminalConfigFromEnv, writeQrPng } from 'yibao-pos/sim';

const dir = await mkdtemp(join(tmpdir(), 'yibao-kiosk-'));
const { persons, settings } = await initEnvironment({ dir });
const sim = await startSimulator({ dir });
const patient = persons.find((p) => p.case === 'resident');
if (!patient) throw new Error('no resident in the environment');

const config = await terminalConfigFromEnv(dir, { url: sim.url, stateDir: join(dir, 'kiosk') });
const terminal = await createTerminal({
  ...config,
  gateway: { ...config.gateway, opterType: 2 }, // 2: self-service kiosk
  pinPad: new ScriptedPinPad([patient.pin]), // a kiosk uses its own PIN device
});
try {
  const frame = join(dir, 'frame.png');
  await writeQrPng(frame, await issueVoucher({ key: await readEnvKey(dir, 'issuer', 'private'), iss: settings.issuerId, sub: patient.sub, reg: patient.reg }));
  const scan = await decodeQrImage(new Uint8Array(await readFile(frame)), { source: 'camera:0' });
  console.log(`camera read a ${scan.kind} (${scan.text.length} characters)`);
  const receipt = await terminal.checkout({ voucher: scan.text, amountFen: 1580 });
  console.log(formatReceipt(receipt, { width: 48 }));
} finally {
  await terminal.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
