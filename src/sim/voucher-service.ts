/**
 * The platform's local voucher service, as the national profile reaches it:
 * `POST …/localcfc/api/hsecfc/localQrCodeQuery` with `{data: {ecQrCode,
 * businessType, orgId, operatorId, operatorName, officeId, officeName},
 * orgId, transType: "ec.query"}` (the shape of the public hsa-his client's
 * `ecQuery`), answered `{code, message, data}` with `code` "0" on success.
 * A pharmacy's business type is 02121 (药店购药); the decode itself is the
 * same as 1162's (transactions/1162.ts).
 *
 * @module
 */
import type { SimState, TxContext } from './context.js';
import type { RequestEnvelope } from './envelope.js';
import { isObject } from './envelope.js';
import { SimRefusal } from './refusal.js';
import { decodeCode } from './transactions/1162.js';

/** Pharmacy purchase (药店购药): the one business type a pharmacy's terminal may decode with. */
export const PHARMACY_BUSINESS_TYPE = '02121';

export async function voucherServiceAnswer(state: SimState, body: unknown, pharmacies: ReadonlySet<string>, receivedAt: number): Promise<Record<string, unknown>> {
  const fail = (message: string) => ({ code: '-1', message, data: null });
  if (!isObject(body) || body.transType !== 'ec.query') return fail('transType 不支持');
  const data = body.data;
  if (!isObject(data) || typeof body.orgId !== 'string') return fail('请求参数不完整');
  if (!pharmacies.has(body.orgId) || data.orgId !== body.orgId) return fail('机构编号无效');
  if (data.businessType !== PHARMACY_BUSINESS_TYPE) return fail(`用码业务类型不符：定点药店应为 ${PHARMACY_BUSINESS_TYPE}`);
  const env = { infno: '1162', fixmedins_code: body.orgId, input: { data } } as unknown as RequestEnvelope;
  const ctx: TxContext = { ...state, env, kid: '', receivedAt };
  try {
    const prepared = await decodeCode.prepare(ctx);
    const outcome = state.ledger.atomic(() => decodeCode.apply(ctx, prepared));
    if ('refusal' in outcome) return fail(outcome.refusal.errMsg);
    return { code: '0', message: '成功', data: outcome.output.data };
  } catch (e) {
    if (e instanceof SimRefusal) return fail(e.errMsg);
    throw e;
  }
}
