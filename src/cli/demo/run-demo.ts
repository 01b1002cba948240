/**
 * `yibao-pos demo` / `npm run demo`: a whole sale end to end with no hardware
 * and no setup. A temporary environment, the gateway simulator on loopback, a
 * dynamic code fed through a virtual serial scanner (a socat pty; an
 * in-process byte stream where socat is missing), offline verification, the
 * PIN (typed for you unless you are on a terminal), settlement, the receipt
 * and the account movement notice; then a replayed code refused, and a
 * mutual-aid (共济) sale.
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  createTerminal,
  fenToYuan,
  formatReceipt,
  Scanner,
  ScriptedPinPad,
  SerialScanner,
  StreamBinding,
  TtyPinPad,
  YibaoError,
  type SaleItem,
  type Terminal,
} from '../../index.js';
import {
  createVirtualSerialScanner,
  initEnvironment,
  issueVoucher,
  maskName,
  readEnvKey,
  simAdminFetch,
  startSimulator,
  terminalConfigFromEnv,
  type PersonCase,
  type VirtualSerialScanner,
} from '../../sim/index.js';
import { progressPrinter } from '../progress.js';

export interface DemoIo {
  out: (s: string) => void;
  /** Prompt the PIN on this terminal instead of typing it automatically. */
  interactive: boolean;
}

const ITEMS: SaleItem[] = [
  { code: 'XJ01CRA045A001010100001', localCode: '6901234567892', name: '阿莫西林胶囊 0.25g*24', qty: 2, priceFen: 1340 },
  { code: 'XR05XAF122B002010100002', localCode: '6921168509256', name: '复方甘草片 100片', qty: 1, priceFen: 580, traceCode: '81234567890123456789', lot: 'GC2501', madeOn: '2025-01-15', expiresOn: '2027-01-14' },
];

/** Where the "scanner" bytes go: a socat pty pair, or an in-process stream. */
interface ScanFeed {
  scanner: Scanner;
  scan(text: string): Promise<void>;
  label: string;
  close(): Promise<void>;
}

async function scanFeed(): Promise<ScanFeed> {
  let pty: VirtualSerialScanner | undefined;
  try {
    pty = await createVirtualSerialScanner();
  } catch (err) {
    if (!YibaoError.is(err) || err.code !== 'SCAN_SOCAT_MISSING') throw err;
  }
  if (pty) {
    const vs = pty;
    return {
      scanner: new SerialScanner({ path: vs.scannerPath, baudRate: 9600, suffix: 'cr' }),
      scan: (text) => vs.write(`${text}\r`),
      label: `virtual serial scanner ${vs.scannerPath} (socat pty)`,
      close: () => vs.close(),
    };
  }
  const stream = new PassThrough();
  return {
    scanner: new Scanner({ binding: new StreamBinding(stream, 'demo:stream'), framing: { suffix: 'cr' } }),
    scan: async (text) => {
      stream.write(`${text}\r`);
    },
    label: 'in-process scanner stream (install socat for a virtual serial port)',
    close: async () => {
      stream.end();
    },
  };
}

export async function runDemo(io: DemoIo): Promise<number> {
  const started = Date.now();
  const { out } = io;
  const dir = await mkdtemp(join(tmpdir(), 'yibao-demo-'));
  const closers: Array<() => Promise<unknown>> = [async () => rm(dir, { recursive: true, force: true })];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
  };
  // Stopped at the PIN prompt (SIGTERM, or Ctrl+C outside raw mode): close and remove the temp folder first.
  const onSignal = (signal: NodeJS.Signals): void => {
    void closeAll().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const { persons, settings } = await initEnvironment({ dir });
    const person = (c: string): PersonCase => {
      const p = persons.find((x) => x.case === c);
      if (!p) throw new Error(`demo: no ${c} person in the environment`);
      return p;
    };
    const sim = await startSimulator({ dir, port: 0 });
    closers.unshift(() => sim.close());
    const feed = await scanFeed();
    closers.unshift(() => feed.close());
    out(`yibao-pos demo — environment ${dir}\n  gateway simulator ${sim.url}\n  ${feed.label}\n\n`);

    const pins: string[] = [];
    const pinPad = io.interactive ? new TtyPinPad() : new ScriptedPinPad(() => pins.shift());
    const issuerKey = await readEnvKey(dir, 'issuer', 'private');
    const terminal = await createTerminal({
      scanners: [feed.scanner],
      ...(await terminalConfigFromEnv(dir, { url: sim.url, stateDir: join(dir, 'terminal') })),
      pinPad,
    });
    closers.unshift(() => terminal.close());
    progressPrinter(terminal, out);

    const draw = (p: PersonCase) =>
      issueVoucher({ key: issuerKey, iss: settings.issuerId, sub: p.sub, reg: p.reg, chn: 'wechat', nm: maskName(p.name), ...(p.actSub ? { actSub: p.actSub } : {}) });
    /** Scans each code when the sale asks for it. */
    const scanWhenAsked = (codes: string[]) => {
      const queue = [...codes];
      const onState = ({ state }: { state: string }) => {
        if (state === 'waiting_voucher' || state === 'waiting_payer_voucher') {
          const code = queue.shift();
          if (code) void feed.scan(code);
        }
      };
      terminal.on('state', onState);
      return () => terminal.off('state', onState);
    };
    const sale = async (title: string, codes: string[], pinOwner: PersonCase, request: Parameters<Terminal['checkout']>[0]) => {
      out(`\n=== ${title} ===\n`);
      if (io.interactive) out(`  (test PIN of ${pinOwner.name}: ${pinOwner.pin})\n`);
      else pins.push(pinOwner.pin);
      const stop = scanWhenAsked(codes);
      try {
        const receipt = await terminal.checkout(request);
        out(`\n${formatReceipt(receipt)}`);
        return receipt;
      } catch (err) {
        if (!YibaoError.is(err)) throw err;
        out(`  refused: ${err.code}\n  ${err.messages.zh}\n  ${err.messages.en}\n`);
        return undefined;
      } finally {
        stop();
        pins.length = 0;
      }
    };

    const employee = person('employee');
    const code = await draw(employee);
    out(`\nDynamic code drawn for ${employee.name} (${code.length} characters, good for 60 s):\n  ${code.slice(0, 60)}…\n`);
    const receipt = await sale('1. A sale: employee insurance, personal account pays', [code], employee, { items: ITEMS });
    if (receipt) {
      const notices = (await (await simAdminFetch(`${sim.url}/notices?psn_no=${encodeURIComponent(employee.psn_no)}`)).json()) as Array<Record<string, unknown>>;
      out(`Account movement notice (动账提醒) sent to ${employee.name}:\n  ${JSON.stringify(notices[0])}\n`);
    }

    await sale('2. The same code again: refused offline, nothing sent', [code], employee, { items: ITEMS });

    const member = person('mutual-aid-member');
    const owner = person('mutual-aid-owner');
    await sale(
      `3. Mutual aid (共济): ${owner.name}'s account pays for ${member.name}`,
      [await draw(member), await draw(owner)],
      owner,
      { items: [ITEMS[0]!], mutualAid: true },
    );
    const balance = (await (await simAdminFetch(`${sim.url}/admin/accounts`)).json()) as Array<{ psn_no: string; balanceFen: number }>;
    const ownerBalance = balance.find((a) => a.psn_no === owner.psn_no);
    if (ownerBalance) out(`${owner.name}'s personal account now holds ${fenToYuan(ownerBalance.balanceFen)} yuan.\n`);

    out(`\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await closeAll();
  }
}
