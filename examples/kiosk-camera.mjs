// @ts-check
// A self-service kiosk reads the voucher from its camera: a frame reader from
// yibao-pos/camera takes every video frame, skips those that arrive while it
// is still decoding, and stops at the first code. Here the "camera" repeats a
// PNG of a freshly drawn code; a kiosk pushes its frames as RGBA (canvas
// ImageData), grey or the Y plane of YUV, or JPEG bytes from an MJPEG webcam.
//
//   npm run build && node examples/kiosk-camera.mjs
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal, formatReceipt, ScriptedPinPad } from 'yibao-pos';
import { createFrameReader } from 'yibao-pos/camera';
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
  const pixels = new Uint8Array(await readFile(frame));
  const reader = createFrameReader();
  const read = new Promise((resolve) => reader.on('code', resolve));
  const camera = setInterval(() => reader.push(pixels), 33); // ~30 frames a second
  const { codes, decodeMs, frame: n } = await read;
  clearInterval(camera);
  const code = codes[0];
  console.log(`camera read a ${code.kind} (${code.text.length} characters) from frame ${n} in ${decodeMs.toFixed(1)} ms`);
  const receipt = await terminal.checkout({ voucher: code.text, amountFen: 1580 });
  console.log(formatReceipt(receipt, { width: 48 }));
} finally {
  await terminal.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
