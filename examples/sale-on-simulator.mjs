// @ts-check
// Embedding yibao-pos: one sale against the gateway simulator, with the
// voucher given as text (a real POS gets it from a scanner) and the PIN from
// a scripted pad (a real POS uses TtyPinPad or a PIN device).
//
//   npm run build && node examples/sale-on-simulator.mjs
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal, formatReceipt, ScriptedPinPad } from 'yibao-pos';
import { initEnvironment, issueVoucher, readEnvKey, startSimulator, terminalConfigFromEnv } from 'yibao-pos/sim';

const dir = await mkdtemp(join(tmpdir(), 'yibao-example-'));
const { persons, settings } = await initEnvironment({ dir });
const sim = await startSimulator({ dir });
const patient = persons.find((p) => p.case === 'employee');
if (!patient) throw new Error('no employee in the environment');

const terminal = await createTerminal({
  ...(await terminalConfigFromEnv(dir, { url: sim.url, stateDir: join(dir, 'terminal') })),
  pinPad: new ScriptedPinPad([patient.pin]), // automation only: never for a real payer
});
terminal.on('state', (e) => console.log('state:', e.state));
terminal.on('presettle', ({ preview }) => console.log('account pays', preview.acctPayFen, 'fen; cash', preview.cashFen, 'fen'));

const voucher = await issueVoucher({ key: await readEnvKey(dir, 'issuer', 'private'), iss: settings.issuerId, sub: patient.sub, reg: patient.reg, nm: '张*三' });
try {
  const receipt = await terminal.checkout({
    voucher,
    items: [{ code: 'XJ01CRA045A001010100001', name: '阿莫西林胶囊', qty: 2, priceFen: 1340 }],
  });
  console.log(formatReceipt(receipt));
} finally {
  await terminal.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
