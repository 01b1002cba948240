/**
 * What the cashier sees on the CLI while a sale runs: one line per step on
 * stderr (stdout carries only the result).
 *
 * @module
 */
import { fenToYuan, type SaleState, type Terminal } from '../index.js';

const STEP: Partial<Record<SaleState, string>> = {
  waiting_voucher: '请出示医保码 / waiting for the voucher…',
  waiting_payer_voucher: '请扫描共济支付人的医保码 / scan the payer’s voucher…',
  pre_settling: '预结算中，等待医保平台 / pre-settling with the gateway…',
  pin: '请输入医保支付密码 / PIN entry…',
  settling: '结算中，等待医保平台 / settling with the gateway…',
  paid: '结算成功 / paid',
  cancelled: '已取消，未扣款 / cancelled, nothing charged',
  not_paid_reversal_pending: '未支付，冲正处理中 / NOT paid, reversal pending',
  // The same first line as a pending reversal (what cashiers and scripts already read), then its end.
  not_paid_reversed: '未支付，冲正处理中 / NOT paid, reversal pending\n  冲正已完成 / reversal done, nothing charged',
};

/** `listed`: item codes priced on the command line, which a scan need not price again. */
export function progressPrinter(terminal: Terminal, write: (s: string) => void, listed: (code: string) => boolean = () => false): void {
  terminal.on('state', ({ state }) => {
    const text = STEP[state];
    if (text) write(`· ${text}\n`);
  });
  terminal.on('voucher', (v) => {
    const who = [v.name, v.idMasked].filter(Boolean).join(' ');
    const place = `${v.region}${v.crossRegion ? ' 异地 cross-region' : ''}`;
    const family = v.guardianSub ? ` 亲情账户 guardian ${v.guardianSub}` : '';
    const path = v.verifiedBy === 'online' ? '在线核验 verified online' : '离线核验 verified offline';
    write(`  ${v.role === 'payer' ? '共济支付人 payer' : '参保人 patient'}: ${who} · ${place} · ${v.channel}${family} · ${path}\n`);
  });
  terminal.on('presettle', ({ preview }) => {
    write(
      `  合计 total ${fenToYuan(preview.totalFen)} · 统筹 fund ${fenToYuan(preview.fundPayFen)} · 个人账户 account ${fenToYuan(preview.acctPayFen)}` +
        `${preview.acctMulaidPayFen ? ` · 共济 mutual aid ${fenToYuan(preview.acctMulaidPayFen)}` : ''} · 现金 cash ${fenToYuan(preview.cashFen)}\n`,
    );
  });
  terminal.on('prompt', (p) => {
    if (p.kind === 'pin' && p.triesLeft !== undefined) write(`  密码错误，还可尝试 ${p.triesLeft} 次 / wrong PIN, tries left: ${p.triesLeft}\n`);
  });
  terminal.on('paused', (e) => write(`  ⚠ ${e.messages.zh} / ${e.messages.en} (${e.source})\n`));
  terminal.on('resumed', (e) => write(`  ${e.messages.zh} / ${e.messages.en} (${e.source})\n`));
  terminal.on('item', (e) => {
    if (e.attached === 'unpriced' && !listed(e.code)) write(`  商品 ${e.code} 未定价，已忽略 / item ${e.code} has no price; skipped\n`);
  });
}
