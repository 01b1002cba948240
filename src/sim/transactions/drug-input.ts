/**
 * Reads the `druginfo` and `drugdetail` of 2101/2102 and checks that each
 * line is cnt × pric rounded half up to the fen (decimal `cnt` 16,4 and
 * `pric` 16,6: part packs) and that the lines add up to `medfee_sumamt`.
 *
 * @module
 */
import { bad } from '../refusal.js';
import { certText, fen, flag, obj, optStr, str } from '../input.js';
import { lineFen, parseCnt, parsePric } from '../../gateway/quantity.js';

export interface DrugInput {
  psnNo: string;
  /** 01 a voucher or ecToken, 02 a resident id card, 03 a social security card (with `cardSn`). */
  certType: '01' | '02' | '03';
  /** The voucher text, ecToken, id number or card number. */
  voucherText: string;
  cardSn: string | undefined;
  payerText: string | undefined;
  insutype: string;
  totalFen: number;
  useAccount: boolean;
  invono: string | undefined;
  lines: number;
}

export function readDrugInput(input: Record<string, unknown>): DrugInput {
  const info = obj(input, 'druginfo');
  const certType = str(info, 'mdtrt_cert_type');
  if (certType !== '01' && certType !== '02' && certType !== '03') throw bad('mdtrt_cert_type must be 01, 02 or 03');
  const medType = str(info, 'med_type');
  if (medType !== '41') throw bad('med_type must be 41 (pharmacy retail)');
  const totalFen = fen(info, 'medfee_sumamt');
  const details = input.drugdetail;
  if (!Array.isArray(details) || details.length === 0 || details.length > 200) throw bad('drugdetail must be a list of 1..200 lines');
  let sum = 0;
  for (const d of details as unknown[]) {
    if (typeof d !== 'object' || d === null || Array.isArray(d)) throw bad('drugdetail line is not an object');
    const line = d as Record<string, unknown>;
    str(line, 'feedetl_sn', /^.{1,64}$/);
    str(line, 'med_list_codg', /^.{1,64}$/);
    let expected: number;
    try {
      expected = lineFen(parseCnt(line.cnt), parsePric(line.pric));
    } catch {
      throw bad('cnt (16,4) or pric (16,6) malformed');
    }
    const amount = fen(line, 'det_item_fee_sumamt');
    if (expected !== amount) throw bad('det_item_fee_sumamt differs from cnt × pric rounded half up to the fen');
    sum += amount;
  }
  if (sum !== totalFen) throw bad('drugdetail does not add up to medfee_sumamt');
  return {
    psnNo: str(info, 'psn_no', /^[A-Za-z0-9]{1,32}$/),
    certType,
    voucherText: certText(info),
    cardSn: certType === '03' ? str(info, 'card_sn', /^[0-9A-Za-z]{1,64}$/) : undefined,
    payerText: optStr(info, 'payer_cert_no', /^.{1,600}$/s),
    insutype: str(info, 'insutype', /^[0-9]{3}$/),
    totalFen,
    useAccount: flag(info, 'acct_used_flag', true),
    invono: optStr(info, 'invono', /^.{1,64}$/),
    lines: details.length,
  };
}
