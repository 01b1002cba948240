/**
 * The page's words in Chinese and English. Refusals are not here: they come
 * from the SDK's catalogue through the service (the CLI prints the same).
 *
 * @module
 */
export type Lang = 'zh' | 'en';

const WORDS = {
  title: { zh: '医保自助结算', en: 'Insurance self-checkout' },
  switchTo: { zh: 'English', en: '中文' },
  idleTitle: { zh: '请出示医保电子凭证', en: 'Show your medical-insurance code' },
  idleTitleMutual: { zh: '请出示就诊人的医保电子凭证', en: "Show the patient's medical-insurance code" },
  idleHint: { zh: '将手机上的医保码对准摄像头框内，无需按键', en: 'Hold the code on your phone inside the frame; no button to press' },
  modeMutual: { zh: '家人共济支付', en: 'A family member pays (mutual aid)' },
  modeSelf: { zh: '改为本人支付', en: 'Pay from my own account' },
  mutualOn: { zh: '家人共济：先出示就诊人的码，再出示付款家人的码', en: "Mutual aid: first the patient's code, then the paying family member's" },
  checking: { zh: '正在核验医保码并试算…', en: 'Checking the code and working out the split…' },
  payerTitle: { zh: '请付款家人出示医保电子凭证', en: "Now the paying family member's code" },
  payerHint: { zh: '由付款家人的个人账户支付，密码为付款人的医保支付密码', en: "Their personal account pays; they type their own insurance PIN" },
  patient: { zh: '就诊人', en: 'Patient' },
  payer: { zh: '付款人', en: 'Payer' },
  crossRegion: { zh: '异地', en: 'other region' },
  region: { zh: '参保地', en: 'Region' },
  channel: { zh: '渠道', en: 'Channel' },
  item: { zh: '药品', en: 'Item' },
  qty: { zh: '数量', en: 'Qty' },
  sum: { zh: '金额', en: 'Amount' },
  total: { zh: '合计', en: 'Total' },
  fund: { zh: '统筹基金支付', en: 'Fund pays' },
  account: { zh: '个人账户支付', en: 'Personal account pays' },
  mutualAid: { zh: '共济账户支付', en: 'Family account pays' },
  cash: { zh: '需自付现金', en: 'You pay in cash' },
  pinTitle: { zh: '请输入医保支付密码', en: 'Enter your insurance PIN' },
  pinTitleFor: { zh: '请 {name} 输入医保支付密码', en: '{name}: enter your insurance PIN' },
  pinAmount: { zh: '支付金额 ¥{yuan}', en: 'Amount ¥{yuan}' },
  triesLeft: { zh: '密码错误，还可尝试 {n} 次', en: 'Wrong PIN: {n} tries left' },
  wrongPin: { zh: '密码错误，请重新输入', en: 'Wrong PIN; enter it again' },
  sealing: { zh: '正在加密…', en: 'Sealing…' },
  paying: { zh: '正在支付，请稍候…', en: 'Paying, one moment…' },
  paid: { zh: '支付成功', en: 'Payment done' },
  time: { zh: '时间', en: 'Time' },
  pharmacy: { zh: '药店', en: 'Pharmacy' },
  setlId: { zh: '结算号', en: 'Settlement' },
  balanceAfter: { zh: '动账提醒：个人账户余额 ¥{yuan}', en: 'Account notice: balance now ¥{yuan}' },
  balanceAfterPayer: { zh: '动账提醒：付款人个人账户余额 ¥{yuan}', en: "Account notice: the payer's balance is now ¥{yuan}" },
  cashToPay: { zh: '请到柜台支付现金 ¥{yuan}', en: 'Please pay ¥{yuan} in cash at the counter' },
  done: { zh: '完成', en: 'Done' },
  back: { zh: '返回', en: 'Back' },
  refusedNothing: { zh: '未能支付，未扣款', en: 'Not paid; nothing was charged' },
  refusedReversal: { zh: '未支付，系统正在自动冲正', en: 'Not paid; the charge is being reversed automatically' },
  idleAfter: { zh: '{n} 秒无操作将返回首页', en: 'Back to the start after {n} s without a touch' },
  cameraFailed: { zh: '摄像头无法使用，请到柜台办理', en: 'The camera is not available; please pay at the counter' },
} as const;

export type WordKey = keyof typeof WORDS;

export function t(lang: Lang, key: WordKey, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
