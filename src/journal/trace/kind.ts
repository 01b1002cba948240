/**
 * Traceability uploads (3505 商品销售) as an outbox kind: one row per sold
 * line that carries trace codes, written with the sale's 2102 intent (key:
 * the upload's own msgid, kept for every try, so the gateway answers a
 * repeat from its record and never records the codes twice), completed
 * with the setl_id and sale time once the sale booked, void when it did not.
 *
 * @module
 */
import { GatewayError } from '../../gateway/errors.js';
import { CHINA_UTC_OFFSET_MIN, localTime } from '../../gateway/local-time.js';
import { itemLine, pricText } from '../../gateway/quantity.js';
import { isSplitSale, traceCodesOf } from '../../gateway/trace-fields.js';
import type { Gateway, SaleItem, SaleUpload } from '../../gateway/types.js';
import type { Logger } from '../../lib/log.js';
import { errorCode } from '../../lib/errors.js';
import type { JournalCore } from '../core.js';
import type { Outbox } from '../outbox/outbox.js';
import type { OutboxKind, OutboxRow } from '../outbox/row.js';
import type { OutboxState } from '../outbox/states.js';

export const TRACE = 'trace';

/**
 * The 3505 fields the terminal knows: who sold (`sel_retn_opter_name`, default `收银员`), the pharmacist on duty, the local time offset of `sel_retn_time` (minutes, default +480).
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface TraceUploadOptions {
  opterName?: string;
  pharmacist?: { name: string; certNo: string };
  utcOffsetMin?: number;
}

/**
 * `waiting`: written with the sale's 2102, not known booked yet; `pending`:
 * the sale booked, the upload is due (retried until acknowledged);
 * `acknowledged`, `refused` (the gateway said no: kept for a technician) and
 * `void` (the sale was not booked) are final. The outbox's states.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export type TraceUploadState = OutboxState;

/**
 * One traceability upload as `trace list` and `Terminal.traceUploads` show it: its msgid, sale, line, codes, state and attempts.
 *
 * Exported from `yibao-pos` and `yibao-pos/journal`.
 */
export interface TraceUploadRow {
  /** The 3505's own msgid (the same on every retry: the gateway answers a repeat from its record). */
  msgid: string;
  saleMsgid: string;
  state: TraceUploadState;
  /** The upload; `setlId` is empty until the sale booked. */
  upload: SaleUpload;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** An outbox row of kind `trace` as an upload. */
export function traceUploadOf(r: OutboxRow): TraceUploadRow {
  return {
    msgid: r.key,
    saleMsgid: r.parent ?? '',
    state: r.state,
    upload: r.payload as SaleUpload,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * A refusal the gateway answered (or a request it can never take): final,
 * kept for a technician. No answer, a 5xx, an internal error or a lost
 * sign-in are retried.
 */
export function isFinalRefusal(err: unknown): boolean {
  if (!(err instanceof GatewayError)) return false;
  if (err.code === 'GATEWAY_REQUEST_INVALID') return true;
  // Not accepted (retRslt 0) is not final: the upload stays due until it is.
  if (err.code === 'GATEWAY_UPLOAD_REJECTED') return false;
  return err.outcome === 'refused' && err.httpStatus === 200 && err.code !== 'GATEWAY_INTERNAL' && err.code !== 'GATEWAY_SIGN_IN_REQUIRED';
}

/** What an upload keeps of its sale line. */
function uploadItem(item: SaleItem): SaleUpload['item'] {
  const out: SaleUpload['item'] = { code: item.code, qty: item.qty, price: pricText(itemLine(item).pric) };
  for (const k of ['localCode', 'name', 'lot', 'madeOn', 'expiresOn', 'stockBatch'] as const) if (item[k]) out[k] = item[k];
  if (item.rx) out.rx = true;
  if (item.prescription) out.prescription = { ...item.prescription };
  return out;
}

/**
 * A sale cancelled (2103 booked) or reversed after it booked: each line the
 * gateway acknowledged (3505) gets a 3506 return row, due now; a line not
 * sent yet never goes (void). Returns how many returns were written.
 */
export function returnUploads(core: JournalCore, outbox: Outbox, gateway: Gateway, saleMsgid: string, utcOffsetMin = CHINA_UTC_OFFSET_MIN): number {
  if (!gateway.returnSale) return 0;
  const returnTime = localTime(core.clock(), utcOffsetMin).text;
  let n = 0;
  core.store.atomically(() => {
    for (const row of outbox.list({ kind: TRACE, parent: saleMsgid })) {
      const upload = row.payload as SaleUpload;
      if (upload.returnTime !== undefined) continue;
      if (row.state === 'waiting' || row.state === 'pending') outbox.move(row, 'void', { nextAttemptAt: null });
      if (row.state !== 'acknowledged') continue;
      outbox.add({ kind: TRACE, key: gateway.newMsgid(), parent: saleMsgid, payload: { ...upload, returnTime } });
      n++;
    }
  });
  if (n > 0) outbox.poke();
  return n;
}

export function traceKind(o: TraceUploadOptions, log: Logger): OutboxKind<SaleUpload> {
  return {
    name: TRACE,
    rowsFor(sale, gateway) {
      if (sale.infno !== '2102' || !gateway.uploadSale) return [];
      const rows: Array<{ key: string; payload: SaleUpload }> = [];
      sale.items.forEach((item, i) => {
        const traceCodes = traceCodesOf(item);
        if (traceCodes.length === 0) return;
        const payload: SaleUpload = {
          setlId: '',
          saleMsgid: sale.msgid,
          psnNo: sale.psnNo,
          insuplcAdmdvs: sale.insuplcAdmdvs,
          line: i + 1,
          item: uploadItem(item),
          traceCodes,
          partPack: isSplitSale(item),
          saleTime: '',
          opterName: o.opterName ?? '收银员',
          ...(o.pharmacist ? { pharmacist: o.pharmacist } : {}),
        };
        rows.push({ key: gateway.newMsgid(), payload });
      });
      return rows;
    },
    ready(upload, sale) {
      const setlId = (sale.answer as { setlId?: unknown } | null)?.setlId;
      if (typeof setlId !== 'string' || setlId === '') return undefined;
      const saleTime = localTime(sale.bookedAt ?? sale.updatedAt, o.utcOffsetMin ?? CHINA_UTC_OFFSET_MIN).text;
      return { ...upload, setlId, saleTime };
    },
    async send(row, gateway) {
      // A row with a return time is the line going back (3506), after its sale was cancelled.
      const send = row.payload.returnTime !== undefined ? gateway.returnSale : gateway.uploadSale;
      if (!send) throw new TypeError('this gateway does not take sales uploads (3505/3506)');
      await send.call(gateway, row.payload, { msgid: row.key });
      return null;
    },
    isFinal: isFinalRefusal,
    errorText: (err) => (err instanceof GatewayError && err.code === 'GATEWAY_UPLOAD_REJECTED' ? `${err.code}: ${err.errMsg ?? ''}`.slice(0, 500) : errorCode(err)),
    acknowledged(row) {
      log.log('info', 'trace upload acknowledged', { msgid: row.key, attempts: row.attempts });
    },
    failed(row, err, nextAttemptAt) {
      log.log('warn', 'trace upload not acknowledged', { msgid: row.key, attempts: row.attempts, nextAttemptAt, code: errorCode(err) });
    },
    refused(row, err) {
      log.log('warn', 'trace upload refused', { msgid: row.key, saleMsgid: row.parent, code: errorCode(err) });
    },
  };
}
