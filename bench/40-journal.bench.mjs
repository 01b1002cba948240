// Settlement journal: sales journaled per second (intent synced, sent,
// booked: three FULL-synced WAL commits) against an instant in-process
// gateway, beside the floor measured in the same run: bare better-sqlite3
// single-row commits with the same pragmas (WAL, synchronous=FULL).
// YIBAO_DIST picks another build.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, opsPerSecond } from './stats.mjs';

const dist = resolve(process.env.YIBAO_DIST ?? new URL('../dist', import.meta.url).pathname);

export async function run() {
  const { SettlementJournal } = await import(pathToFileURL(resolve(dist, 'index.js')).href);
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const dir = mkdtempSync(join(tmpdir(), 'bench-journal-'));
  try {
    const db = new Database(join(dir, 'floor.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const floor = await opsPerSecond(() => ins.run('x'));
    db.close();

    const journal = await SettlementJournal.open(join(dir, 'journal.db'));
    let n = 0;
    const settlement = { setlId: 'S', mdtrtId: 'M', psnNo: 'P1', totalFen: 100, fundPayFen: 0, acctPayFen: 100, acctMulaidPayFen: 0, cashFen: 0, balanceFen: 1 };
    const gateway = {
      newMsgid: () => `P42010000001${String(20261122100000 + Math.floor(n / 9000))}${String(n % 9000).padStart(4, '0')}`,
      settle: async () => settlement,
      query: async () => null,
      reverse: async () => undefined,
    };
    await journal.recover(gateway);
    const req = { voucherText: 'v', psnNo: 'P1', insutype: '310', insuplcAdmdvs: '420100', items: [{ code: 'XA01AAA001', qty: 1, priceFen: 100 }], totalFen: 100 };
    const sales = await opsPerSecond(async () => {
      n++;
      await journal.settle(gateway, req, { msgid: gateway.newMsgid(), jti: `j${n}` });
    });
    const seq = journal.sequence();
    let s = 0;
    const seqs = await opsPerSecond(() => seq.nextSeq(String(20261122000000 + Math.floor(s++ / 9000))));
    await journal.close();
    console.log(`floor: bare FULL-synced WAL commit:       ${fmt(floor)} commits/s`);
    console.log(`journal.settle (1 synced commit/sale):    ${fmt(sales)} sales/s  (${fmt(sales / floor, 2)}x floor, ${fmt(1000 / sales, 2)} ms each)`);
    console.log(`journal.sequence().nextSeq (reserved):    ${fmt(seqs)} ids/s  (${fmt(seqs / floor, 2)}x floor)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
