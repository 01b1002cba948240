/**
 * Simulator mode only: the test persons' wallet in a second window (or a
 * phone on the same machine), drawing a fresh voucher QR with the
 * environment's issuer key, so a newcomer can pay at the kiosk by holding
 * that window up to the camera. A real kiosk has no such route.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import { fenToYuan } from 'yibao-pos';
import { envPaths, issueVoucher, readEnvKey, readEnvSettings, type PersonCase } from 'yibao-pos/sim';
import { KioskError } from './errors.js';
import type { Route } from './http.js';

export async function walletRoutes(dir: string): Promise<Record<string, Route>> {
  const persons = JSON.parse(await readFile(envPaths(dir).persons, 'utf8')) as PersonCase[];
  const key = await readEnvKey(dir, 'issuer', 'private');
  const { issuerId } = await readEnvSettings(dir);
  return {
    'GET /api/wallet/persons': async () => ({ json: persons.map((p) => ({ case: p.case, name: p.name, sub: p.sub })) }),
    'POST /api/wallet/code': async (_req, body) => {
      const p = persons.find((x) => x.sub === (body as { sub?: unknown }).sub);
      if (!p) throw new KioskError('KIOSK_BAD_REQUEST', { field: 'sub' });
      const text = await issueVoucher({ key, iss: issuerId, sub: p.sub, reg: p.reg, chn: 'nhsa-app', nm: p.name, ...(p.actSub ? { actSub: p.actSub } : {}) });
      const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      return { json: { text, svg } };
    },
  };
}

/** Columns a console gives a text: two for CJK and other wide characters (enough for these names). */
const columns = (text: string): number => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x1100 ? 2 : 1), 0);

/** The persons and their test PINs, for the console (like `gateway init`). */
export function personsTable(persons: readonly PersonCase[]): string {
  const rows = [['case', 'name', 'sub', 'pin', 'balance'], ...persons.map((p) => [p.case, p.name, p.sub, p.pin, p.account ? fenToYuan(p.balanceFen) : '-'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => columns(r[i]!))));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - columns(c))).join('  ').trimEnd()).join('\n');
}
