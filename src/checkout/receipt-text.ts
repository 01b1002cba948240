/**
 * A receipt as plain text for a receipt printer: fixed width (32 columns for
 * 58 mm paper, 48 for 80 mm), Chinese characters counted as two columns.
 *
 * @module
 */
import { fenToYuan } from '../gateway/money.js';
import { maskId, type Receipt, type ReceiptParty } from './receipt.js';
import { twoColumns, wrapToWidth } from './text-width.js';

/**
 * Layout of `formatReceipt`: the paper width in columns.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 */
export interface ReceiptTextOptions {
  /** Columns, default 32. */
  width?: number;
  /** Time zone offset in minutes for the printed time, default +480 (China Standard Time). */
  utcOffsetMinutes?: number;
}

const CHANNELS: Record<string, string> = {
  'nhsa-app': '国家医保APP',
  wechat: '微信',
  alipay: '支付宝',
};

function localTime(iso: string, offsetMin: number): string {
  const d = new Date(Date.parse(iso) + offsetMin * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function party(p: ReceiptParty): string {
  return `${p.name ?? ''} ${maskId(p.sub)}`.trim();
}

/**
 * The receipt as fixed-width text for a receipt printer or a terminal; CJK characters count two columns.
 *
 * Exported from `yibao-pos` and `yibao-pos/checkout`.
 *
 * @param r The receipt of a paid sale.
 * @param options Paper width in columns and similar layout choices.
 * @example
 * ```ts
 * import { formatReceipt } from 'yibao-pos/checkout';
 * const receipt = await terminal.checkout({ amountFen: 2680 });
 * process.stdout.write(formatReceipt(receipt, { width: 32 }));
 * ```
 */
export function formatReceipt(r: Receipt, options: ReceiptTextOptions = {}): string {
  const width = options.width ?? 32;
  const offset = options.utcOffsetMinutes ?? 480;
  const rule = '-'.repeat(width);
  const yuan = (fen: number) => fenToYuan(fen);
  const lines: string[] = [];
  const center = (t: string) => {
    for (const l of wrapToWidth(t, width)) lines.push(l);
  };
  center(r.pharmacy.name);
  center('医保电子凭证结算单');
  lines.push(rule);
  lines.push(twoColumns('时间', localTime(r.time, offset), width));
  lines.push(twoColumns('结算号', r.setlId, width));
  lines.push(twoColumns('参保人', party(r.patient), width));
  if (r.guardian) lines.push(twoColumns('亲情账户代付人', party(r.guardian), width));
  if (r.payer) lines.push(twoColumns('共济支付人', party(r.payer), width));
  lines.push(twoColumns('参保地', `${r.insuredRegion}${r.crossRegion ? ' 异地' : ''}`, width));
  lines.push(twoColumns('渠道', CHANNELS[r.channel] ?? r.channel, width));
  lines.push(rule);
  for (const item of r.items) {
    for (const l of wrapToWidth(item.name ?? item.code, width)) lines.push(l);
    lines.push(twoColumns(`  ${item.qty} x ${yuan(item.priceFen)}`, yuan(item.qty * item.priceFen), width));
  }
  lines.push(rule);
  lines.push(twoColumns('合计', yuan(r.totalFen), width));
  lines.push(twoColumns('统筹基金支付', yuan(r.fundPayFen), width));
  lines.push(twoColumns('个人账户支付', yuan(r.acctPayFen), width));
  if (r.acctMulaidPayFen > 0 || r.payer) lines.push(twoColumns('共济账户支付', yuan(r.acctMulaidPayFen), width));
  lines.push(twoColumns('现金支付', yuan(r.cashFen), width));
  lines.push(twoColumns('账户余额', yuan(r.balanceAfterFen), width));
  lines.push(rule);
  return `${lines.join('\n')}\n`;
}
