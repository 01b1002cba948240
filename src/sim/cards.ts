/**
 * The cards a pharmacy's POS reads instead of a QR code: the resident id
 * card (`mdtrt_cert_type` 02, its number in `mdtrt_cert_no`) and the social
 * security card (03, its card number in `mdtrt_cert_no` and its 32-character
 * card identifier in `card_sn`). Each simulated person has one of each,
 * derived from their `psn_no` (nothing stored: an environment made before
 * cards existed has them too).
 *
 * A card stands for its holder as a voucher does, with two differences: it is
 * not single-use (no replay record), and the PIN block of a card sale is
 * bound to the card's number (its `jti` here), since no voucher jti exists.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { VoucherClaims } from '../voucher/types.js';
import type { Ledger, PersonRow } from './ledger/ledger.js';
import { SimRefusal } from './refusal.js';

/** `iss` of the claims a card stands for: never a voucher issuer's. */
export const CARD_ISS = 'card';

/** How long a card read stands for its holder within one message (seconds; only the PIN block's freshness depends on it). */
const CARD_READ_SEC = 300;

/** ISO 7064 MOD 11-2, the check character of an 18-digit resident id number (GB 11643). */
function idCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

/** The person's resident id number: region, birth date 1980-01-01, the last 3 digits of `psn_no`, check character. */
export function idCardNo(p: Pick<PersonRow, 'psn_no' | 'reg'>): string {
  const first17 = `${p.reg}19800101${p.psn_no.slice(-3)}`;
  return `${first17}${idCheck(first17)}`;
}

/** The person's social security card: number (letter + 8 digits) and its 32-character card identifier (卡识别码). */
export function socialCard(p: Pick<PersonRow, 'psn_no'>): { cardNo: string; cardSn: string } {
  return {
    cardNo: `S${p.psn_no.slice(-8)}`,
    cardSn: createHash('sha256').update(`card_sn:${p.psn_no}`).digest('hex').slice(0, 32).toUpperCase(),
  };
}

export const isCardClaims = (c: VoucherClaims): boolean => c.iss === CARD_ISS;

/**
 * The holder of a card read at the POS, as claims: refuses an unknown card
 * (NOT_ENROLLED: 未查到参保信息) and a social security card whose `card_sn`
 * is not its own.
 */
export function cardClaims(ledger: Ledger, type: '02' | '03', certNo: string, cardSn: string | undefined, nowMs: number): VoucherClaims {
  const person = ledger.persons().find((p) => (type === '02' ? idCardNo(p) : socialCard(p).cardNo) === certNo);
  if (!person) throw new SimRefusal('NOT_ENROLLED');
  if (type === '03' && socialCard(person).cardSn !== cardSn) throw new SimRefusal('VOUCHER_INVALID', { errMsg: '社会保障卡卡识别码不符，卡无效' });
  const sub = ledger.subsOf(person.psn_no)[0];
  if (sub === undefined) throw new SimRefusal('NOT_ENROLLED');
  const iat = Math.floor(nowMs / 1000);
  return { iss: CARD_ISS, sub, iat, exp: iat + CARD_READ_SEC, jti: certNo, use: 'pay', reg: person.reg, chn: type === '02' ? 'id-card' : 'ss-card' };
}
