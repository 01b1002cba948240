/**
 * Files at rest are the owner's alone, whatever the umask: every journal,
 * outbox, replay guard, ledger, key, WAL/SHM and lock file the SDK or the
 * simulator makes is 0600 and every folder it makes 0700; a file left 0644
 * by an older version is narrowed at open. The simulator keeps PIN
 * verifiers in scrypt, and wraps the old salted SHA-256 ones at open.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettlementJournal, SqliteReplayGuard, TrustStore } from '../../src/index.js';
import { initEnvironment, startSimulator } from '../../src/sim/index.js';
import { isLegacyVerifier, pinMatches } from '../../src/sim/pin-hash.js';
import { createHash } from 'node:crypto';
import { makeKit, T0 } from '../voucher/helpers.js';

const mode = (p: string) => statSync(p).mode & 0o777;
/** Every file and folder under `root`: 'dir 700', 'file 600'… */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      out[relative(root, p)] = `${statSync(p).isDirectory() ? 'dir' : 'file'} ${mode(p).toString(8)}`;
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

let saved: number;
beforeEach(() => {
  saved = process.umask(0);
});
afterEach(() => {
  process.umask(saved);
});

describe('files at rest', () => {
  it('journal (with its outbox), lock, replay guard and trust list: files 0600, new folders 0700, under umask 000', async () => {
    const root = mkdtempSync(join(tmpdir(), 'at-rest-'));
    const kit = await makeKit();
    const journal = await SettlementJournal.open(join(root, 'state', 'till', 'journal.db'));
    const guard = await SqliteReplayGuard.open(join(root, 'guard', 'replay.db'));
    guard.checkAndRecord('jti-0123456789abcdef', T0 + 100, T0);
    const store = await TrustStore.open({ rootKey: kit.root.publicJwk, file: join(root, 'trust', 'trust.jws'), initial: kit.trustJws, clock: () => T0 * 1000 });
    expect(store.seq).toBe(kit.trust.seq);
    const seen = modes(root);
    await journal.close();
    guard.close();
    for (const [p, m] of Object.entries(seen)) expect(`${p} ${m}`).toBe(`${p} ${m.startsWith('dir') ? 'dir 700' : 'file 600'}`);
    // The WAL and SHM of each open database were among them.
    expect(Object.keys(seen)).toEqual(expect.arrayContaining(['state/till/journal.db-wal', 'state/till/journal.db-shm', 'state/till/journal.db.lck', 'state/till/journal.db.lck-owner', 'guard/replay.db-wal', 'trust/trust.jws', 'trust/trust.jws.seq']));
  });

  it('narrows a journal left 0644 (with its WAL) by an older version when it is opened', async () => {
    const root = mkdtempSync(join(tmpdir(), 'at-rest-'));
    const file = join(root, 'journal.db');
    (await SettlementJournal.open(file)).close();
    process.umask(0o022);
    for (const p of [file, `${file}.lck`]) chmodSync(p, 0o644);
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    chmodSync(`${file}-wal`, 0o644);
    const again = await SettlementJournal.open(file);
    for (const p of [file, `${file}-wal`, `${file}.lck`]) expect(`${p} ${mode(p).toString(8)}`).toBe(`${p} 600`);
    await again.close();
  });

  it('the simulator environment: folder 0700, keys, trust list, ledger and its WAL 0600; PIN verifiers in scrypt', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'at-rest-')), 'env');
    const { persons } = await initEnvironment({ dir });
    const sim = await startSimulator({ dir });
    const seen = modes(dir);
    await sim.close();
    expect(mode(dir).toString(8)).toBe('700');
    for (const [p, m] of Object.entries(seen)) expect(`${p} ${m}`).toBe(`${p} ${m.startsWith('dir') ? 'dir 700' : 'file 600'}`);
    expect(Object.keys(seen)).toEqual(expect.arrayContaining(['ledger.db', 'ledger.db-wal', 'trust.jws', 'keys/issuer.private.jwk']));
    const db = new Database(join(dir, 'ledger.db'), { readonly: true });
    const rows = db.prepare('SELECT sub, pin_salt, pin_hash FROM credentials').all() as Array<{ sub: string; pin_salt: string; pin_hash: string }>;
    db.close();
    expect(rows.length).toBe(persons.length);
    for (const r of rows) expect(r.pin_hash).toMatch(/^scrypt:1024:8:1:[0-9a-f]{64}$/);
    const p = persons[0]!;
    const row = rows.find((r) => r.sub === p.sub)!;
    expect(await pinMatches(p.pin, row.pin_salt, row.pin_hash)).toBe(true);
    expect(await pinMatches('000000' === p.pin ? '111111' : '000000', row.pin_salt, row.pin_hash)).toBe(false);
  });

  it('migrates a ledger with salted SHA-256 verifiers: wrapped in scrypt at open, the same PINs still match', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'at-rest-')), 'env');
    const { persons } = await initEnvironment({ dir });
    const p = persons[0]!;
    const db = new Database(join(dir, 'ledger.db'));
    const salt = 'a1b2c3d4e5f60718';
    db.prepare('UPDATE credentials SET pin_salt = ?, pin_hash = ?').run(salt, createHash('sha256').update(`${salt}:${p.pin}`).digest('hex'));
    db.close();
    (await startSimulator({ dir })).close();
    const after = new Database(join(dir, 'ledger.db'), { readonly: true });
    const row = after.prepare('SELECT pin_salt, pin_hash FROM credentials WHERE sub = ?').get(p.sub) as { pin_salt: string; pin_hash: string };
    const legacyLeft = (after.prepare('SELECT pin_hash FROM credentials').all() as Array<{ pin_hash: string }>).filter((r) => isLegacyVerifier(r.pin_hash));
    after.close();
    expect(legacyLeft).toEqual([]);
    expect(row.pin_hash).toMatch(/^scrypt-sha256:1024:8:1:[0-9a-f]{64}$/);
    expect(await pinMatches(p.pin, row.pin_salt, row.pin_hash)).toBe(true);
    expect(await pinMatches('999999' === p.pin ? '888888' : '999999', row.pin_salt, row.pin_hash)).toBe(false);
  });
});

describe('the journal lock', () => {
  it('cannot be held by another user: 0600, so `nobody` cannot take a read lock that kept the terminal from starting', async () => {
    process.umask(0o022);
    const root = mkdtempSync(join(tmpdir(), 'lock-'));
    // A folder others may enter, as an operator's /var/lib/pos often is.
    chmodSync(root, 0o755);
    const file = join(root, 'journal.db');
    (await SettlementJournal.open(file)).close();
    expect(mode(`${file}.lck`).toString(8)).toBe('600');
    if (process.getuid?.() !== 0) return; // only root can act as another user here
    // `nobody` opens the lock file read-only and holds a SHARED lock in an open read transaction.
    const holder = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `
      const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      try {
        const db = new D(${JSON.stringify(`${file}.lck`)}, { readonly: true, fileMustExist: true });
        db.exec('BEGIN'); db.prepare('SELECT count(*) FROM held').get();
        console.log('held');
      } catch (e) { console.log('refused ' + e.code); process.exit(0); }
      setInterval(() => {}, 1000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    const said = await new Promise<string>((resolve) => holder.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
    try {
      expect(said).toMatch(/^refused /);
      const journal = await SettlementJournal.open(file);
      await journal.close();
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
