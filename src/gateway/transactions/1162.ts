/**
 * Online decoding of a national voucher code (医保电子凭证码): the numeric
 * code a wallet shows is opaque to the terminal; the platform (the local
 * voucher service's `ec.query`, or transaction 1162 with `ecQrCode`) turns
 * it into the `ecToken` that 1101/2101/2102 then carry as `mdtrt_cert_no`
 * (`mdtrt_cert_type` 01), with the holder's id number, name and insurance
 * region (1162 here; the local voucher service's `ec.query` takes the
 * same fields). Pure: builds the input and reads the output.
 *
 * @module
 */
import { unreadable } from '../unreadable.js';
import type { EcIdentity } from '../types.js';
import type { Codec, CodecContext } from './codec.js';

export { NATIONAL_CODE_PATTERN } from '../../voucher/classify.js';

/** Who asks: the 1162 / ec.query request fields besides the code. */
export interface EcDecodeContext {
  orgId: string;
  /** Business scene code of the voucher service; `01301` (settlement) unless the province says otherwise. */
  businessType?: string;
  operatorId: string;
  operatorName: string;
  officeId?: string;
  officeName?: string;
  /** `SelfService` on a self-service kiosk, else empty. */
  deviceType?: string;
}

export function ecDecodeInput(code: string, ctx: EcDecodeContext): { data: Record<string, string> } {
  return {
    data: {
      ecQrCode: code,
      businessType: ctx.businessType ?? '01301',
      orgId: ctx.orgId,
      operatorId: ctx.operatorId,
      operatorName: ctx.operatorName,
      officeId: ctx.officeId ?? '',
      officeName: ctx.officeName ?? '',
      deviceType: ctx.deviceType ?? '',
    },
  };
}

/** 1162 `output.data` (an object, or a JSON string as ec.query answers it) → EcIdentity. */
export function toEcIdentity(output: Record<string, unknown>, msgid: string): EcIdentity {
  let data: unknown = output.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch (cause) {
      throw unreadable('data is not JSON', msgid, cause);
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw unreadable('data is not an object', msgid);
  const d = data as Record<string, unknown>;
  const text = (k: string, required = true): string | undefined => {
    const v = d[k];
    if (typeof v === 'string' && v !== '' && v !== 'null') return v;
    if (typeof v === 'number') return String(v);
    if (required) throw unreadable(`missing ${k}`, msgid);
    return undefined;
  };
  const insuOrg = text('insuOrg')!;
  if (!/^\d{6}$/.test(insuOrg)) throw unreadable('insuOrg is not a region code', msgid);
  const identity: EcIdentity = {
    ecToken: text('ecToken')!,
    idNo: text('idNo')!,
    idType: text('idType', false) ?? '01',
    userName: text('userName')!,
    insuOrg,
    ecIndexNo: text('ecIndexNo', false) ?? text('ecToken')!,
  };
  const chnl = text('chnlId', false);
  if (chnl !== undefined) identity.chnlId = chnl;
  const guardian = text('guardianEcIndexNo', false);
  if (guardian !== undefined) identity.guardianEcIndexNo = guardian;
  return identity;
}

/** Who asks, from the terminal's context (1162 and the voucher service's `ec.query` alike). */
export function ecContext(ctx: CodecContext): EcDecodeContext {
  return {
    orgId: ctx.fixmedinsCode,
    ...(ctx.ecBusinessType !== undefined ? { businessType: ctx.ecBusinessType } : {}),
    operatorId: ctx.opter,
    operatorName: ctx.opterName,
    ...(ctx.opterType === 2 ? { deviceType: 'SelfService' } : {}),
  };
}

export const decodeCode1162: Codec<string, EcIdentity> = {
  infno: '1162',
  input: (code, ctx) =>
    ecDecodeInput(code, ecContext(ctx)),
  read: ({ output, msgid }) => toEcIdentity(output, msgid),
};
