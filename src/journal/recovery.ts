/**
 * Recovery: finishes every unfinished entry before the terminal takes a new
 * sale, and reports each one. A 2102 that was sent (or maybe sent) is looked
 * up by 5203: booked means the sale stands and is reported with its
 * settlement (the terminal shows its receipt: the customer paid); otherwise
 * it is reversed (a late request could still arrive: the reversal voids its
 * msgid forever). A 2103 whose outcome is unknown is reversed: the cashier
 * was never told it was cancelled. Pending reversals are retried once now.
 *
 * @module
 */
import { JournalError } from './errors.js';
import { clearingOfSettlement } from './clearing.js';
import type { Gateway, Settlement } from '../gateway/types.js';
import { errorCode } from '../lib/errors.js';
import type { JournalCore } from './core.js';
import { isUnfinished } from './states.js';
import type { JournalEntry } from './entry.js';
import type { Outbox } from './outbox/outbox.js';
import { pendingReversals, reverseOnce, scheduleReversal } from './reversals.js';
import type { RecoveredEntry, RecoveryReport } from './types.js';

function recovered(e: JournalEntry, outcome: RecoveredEntry['outcome']): RecoveredEntry {
  const r: RecoveredEntry = { msgid: e.msgid, amountFen: e.amountFen, infno: e.infno, outcome, psnNo: e.psnNo, items: e.items, ref: e.ref, bookedAt: e.bookedAt };
  if (e.infno === '2102' && e.answer) r.settlement = e.answer as Settlement;
  if (e.infno === '2103' && e.ref.setlId !== undefined) r.setlId = e.ref.setlId;
  return r;
}

const amount = (e: JournalEntry) => ({ msgid: e.msgid, amountFen: e.amountFen });

export async function recoverJournal(core: JournalCore, outbox: Outbox, gateway: Gateway): Promise<RecoveryReport> {
  core.checkOpen();
  const unfinished = core.store.open().filter(isUnfinished);
  const report: RecoveryReport = { found: unfinished.length, booked: [], reversed: [], pending: [], settled: [] };
  // A row that does not parse is left alone (the terminal still starts and sells) and named.
  const corrupt = (core.store.corruptOpen?.() ?? []).map((e) => new JournalError('JOURNAL_ROW_CORRUPT', { details: { msgid: e.msgid, columns: e.corrupt } }));
  for (const err of corrupt) core.log.log('warn', 'journal row corrupt', { code: err.code, msgid: String(err.details.msgid), columns: err.details.columns });
  if (corrupt.length > 0) report.corrupt = corrupt;
  for (const e of unfinished) {
    if (e.infno === '2601') {
      // An interrupted reversal attempt: its parent is still reversal_pending and is retried below.
      core.move(e.msgid, 'unknown', { errorCode: 'INTERRUPTED' });
      continue;
    }
    if (e.state === 'reversal_pending') continue;
    if (e.infno === '2102') {
      let found: Settlement | null | undefined;
      try {
        found = await gateway.query({ psnNo: e.psnNo, omsgid: e.msgid, insuplcAdmdvs: e.insuplcAdmdvs });
      } catch (err) {
        core.log.log('warn', 'recovery query failed: reversing', { msgid: e.msgid, code: errorCode(err) });
      }
      if (found) {
        core.move(e.msgid, 'booked', { answer: found, errorCode: null, bookedAt: core.clock(), ...(e.infno === '2102' ? { clearing: clearingOfSettlement(found, e.insuplcAdmdvs) } : {}) });
        const booked = core.store.get(e.msgid) ?? e;
        report.booked.push(amount(booked));
        report.settled.push(recovered(booked, 'paid'));
        continue;
      }
    }
    if (e.state !== 'unknown') core.move(e.msgid, 'unknown', { errorCode: 'INTERRUPTED' });
    scheduleReversal(core, outbox, e.msgid);
  }
  // Booked sales whose receipt never reached the cashier (killed between the answer and the
  // screen), and those 5203 just found: kept and shown, never voided behind the customer's back.
  for (const e of core.store.unshown()) {
    if (!report.booked.some((b) => b.msgid === e.msgid)) {
      report.booked.push(amount(e));
      report.settled.push(recovered(e, 'paid'));
    }
    core.write(() => core.store.markShown(e.msgid, core.clock()));
  }
  for (const p of pendingReversals(core)) {
    const result = await reverseOnce(outbox, core, gateway, p.msgid);
    const e = core.store.get(p.msgid);
    if (!e) continue;
    if (result === 'reversed') {
      report.reversed.push(amount(e));
      report.settled.push(recovered(e, e.infno === '2103' ? 'not_cancelled' : 'not_paid'));
    } else if (result === 'kept') {
      report.booked.push(amount(e));
      report.settled.push(recovered(e, 'cancelled'));
    } else {
      report.settled.push(recovered(e, 'reversal_pending'));
    }
  }
  report.pending = pendingReversals(core);
  core.log.log('info', 'journal recovered', { found: report.found, booked: report.booked.length, reversed: report.reversed.length, pending: report.pending.length });
  return report;
}
