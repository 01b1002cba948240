/**
 * One account movement and the notice (动账提醒) its owner gets.
 *
 * @module
 */
import type { Ledger } from '../ledger/ledger.js';

/** Moves `amountFen` (negative debits) and records the notice; returns the balance after. */
export function bookMovement(
  ledger: Ledger,
  msgid: string,
  psnNo: string,
  amountFen: number,
  kind: 'consumption' | 'refund',
  at: number,
  pharmacy: string,
): number {
  const balanceFen = ledger.move(msgid, psnNo, amountFen, kind, at);
  ledger.addNotice({ psn_no: psnNo, at, pharmacy, amount_fen: Math.abs(amountFen), kind, balance_fen: balanceFen });
  return balanceFen;
}
