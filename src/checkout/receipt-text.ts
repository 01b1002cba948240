/**
 * A receipt as plain text for a receipt printer: fixed width (32 columns for
 * 58 mm paper, 48 for 80 mm), Chinese characters counted as two columns, and
 * with `encoding: 'gb18030'` every non-ASCII character (μ × ① · — ℃ too), as
 * a GBK/GB18030 printer prints them. escpos.ts turns it into printer bytes.
 *
 * @module
 */
import { CHINA_UTC_OFFSET_MIN, localTime } from '../gateway/local-time.js';
import { fenToYuan } from '../gateway/money.js';
import { cntText, isWhole, itemLine, pricText } from '../gateway/quantity.js';
import { maskId, type Receipt, type ReceiptParty } from './receipt.js';
import { twoColumns, wrapToWidth, type ColumnEncoding } from './text-width.js';

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
  /** How the printer measures columns, default `unicode`; `gb18030` for GBK/GB18030 thermal printers. */
  encoding?: ColumnEncoding;
}

const CHANNELS: Record<string, string> = {
  'nhsa-app': '国家医保APP',
  wechat: '微信',
  alipay: '支付宝',
};


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
  const enc = options.encoding ?? 'unicode';
  const row = (left: string, right: string) => twoColumns(left, right, width, enc);
  const offset = options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MIN;
  const rule = '-'.repeat(width);
  const yuan = (fen: number) => fenToYuan(fen);
  const lines: string[] = [];
  const center = (t: string) => {
    for (const l of wrapToWidth(t, width, enc)) lines.push(l);
  };
  center(r.pharmacy.name);
  center('医保电子凭证结算单');
  lines.push(rule);
  lines.push(row('时间', localTime(Date.parse(r.time), offset).text));
  lines.push(row('结算号', r.setlId));
  lines.push(row('参保人', party(r.patient)));
  if (r.guardian) lines.push(row('亲情账户代付人', party(r.guardian)));
  if (r.payer) lines.push(row('共济支付人', party(r.payer)));
  lines.push(row('参保地', `${r.insuredRegion}${r.crossRegion ? ' 异地' : ''}`));
  lines.push(row('渠道', CHANNELS[r.channel] ?? r.channel));
  if (r.verifiedBy === 'online') lines.push(row('核验', '医保平台在线解码'));
  lines.push(rule);
  for (const item of r.items) {
    for (const l of wrapToWidth(item.name ?? item.code, width, enc)) lines.push(l);
    const line = itemLine(item);
    const pack = item.partPack ?? (isWhole(line.cnt) ? undefined : '');
    // A part pack (拆零) is marked, with what was taken of the pack when known.
    if (pack !== undefined) lines.push(`  拆零${pack ? ` ${pack}` : ''}`);
    lines.push(row(`  ${cntText(line.cnt)} x ${pricText(line.pric)}`, yuan(line.fen)));
  }
  lines.push(rule);
  lines.push(row('合计', yuan(r.totalFen)));
  lines.push(row('统筹基金支付', yuan(r.fundPayFen)));
  lines.push(row('个人账户支付', yuan(r.acctPayFen)));
  if (r.acctMulaidPayFen > 0 || r.payer) lines.push(row('共济账户支付', yuan(r.acctMulaidPayFen)));
  lines.push(row('现金支付', yuan(r.cashFen)));
  lines.push(row('账户余额', yuan(r.balanceAfterFen)));
  lines.push(rule);
  return `${lines.join('\n')}\n`;
}
