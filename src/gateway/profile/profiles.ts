/**
 * The named gateway profiles. Which public client each field follows is in
 * docs/gateway-profiles.md.
 *
 * @module
 */
import { GatewayError } from '../errors.js';
import type { GatewayProfile } from './types.js';

/**
 * `ours`: the project's own transport (`/trans`, `X-Yb-Signature`) and extensions (gateway.md).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @example
 * ```ts
 * import { OURS_PROFILE } from 'yibao-pos/gateway';
 * OURS_PROFILE.servicePath; // '/trans'
 * ```
 */
export const OURS_PROFILE: GatewayProfile = Object.freeze({
  name: 'ours',
  servicePath: '/trans',
  headerSigning: 'jws',
  envelopeExtras: false,
  sm2: 'none',
  sm4Input: false,
  sm4Output: false,
  pinBlock: 'input',
  personIdentity: false,
  voucherDecode: '1162',
  voucherServicePath: '/localcfc/api/hsecfc/localQrCodeQuery',
  ecBusinessType: '01301',
  traceCodes: 'drug_trac_info',
});

/**
 * `national`: the platform's service path, paas headers, SM2 over `input`, SM4 both ways, the voucher service for national codes.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 * @example
 * ```ts
 * import { NATIONAL_PROFILE } from 'yibao-pos/gateway';
 * NATIONAL_PROFILE.ecBusinessType; // '02121'
 * ```
 */
export const NATIONAL_PROFILE: GatewayProfile = Object.freeze({
  name: 'national',
  servicePath: '/fsi/api/rsfComIfsService/callService',
  headerSigning: 'paas',
  envelopeExtras: true,
  sm2: 'input',
  sm4Input: true,
  sm4Output: true,
  // The simulator checks the PIN, so it travels; a province that checks it itself sets 'none'.
  pinBlock: 'input',
  personIdentity: true,
  voucherDecode: 'ec.query',
  voucherServicePath: '/localcfc/api/hsecfc/localQrCodeQuery',
  ecBusinessType: '02121',
  traceCodes: 'drug_trac_info',
});

/**
 * The profiles by name.
 */
export const GATEWAY_PROFILES: Readonly<Record<string, GatewayProfile>> = Object.freeze({ ours: OURS_PROFILE, national: NATIONAL_PROFILE });

const FIELDS: Record<keyof GatewayProfile, (v: unknown) => boolean> = {
  name: (v) => typeof v === 'string' && v !== '',
  servicePath: (v) => typeof v === 'string' && /^\/[\x21-\x7e]*$/.test(v),
  headerSigning: (v) => ['jws', 'paas', 'hmac', 'oauth', 'none'].includes(v as string),
  envelopeExtras: (v) => typeof v === 'boolean',
  sm2: (v) => ['none', 'body', 'input'].includes(v as string),
  sm4Input: (v) => typeof v === 'boolean',
  sm4Output: (v) => typeof v === 'boolean',
  pinBlock: (v) => ['input', 'druginfo', 'none'].includes(v as string),
  personIdentity: (v) => typeof v === 'boolean',
  voucherDecode: (v) => v === '1162' || v === 'ec.query',
  voucherServicePath: (v) => typeof v === 'string' && /^\/[\x21-\x7e]*$/.test(v),
  ecBusinessType: (v) => typeof v === 'string' && /^\d{5}$/.test(v),
  traceCodes: (v) => v === 'drug_trac_info' || v === 'drug_trac_codg',
};

/**
 * A profile by name, or a named one with fields changed (`{ "base": "national", "headerSigning": "hmac" }`).
 * Throws `GATEWAY_REQUEST_INVALID` naming the field that is wrong.
 *
 * @param spec A profile name, or an object with `base` and the fields to change.
 */
export function resolveGatewayProfile(spec: string | (Partial<GatewayProfile> & { base?: string }) | undefined): GatewayProfile {
  const invalid = (field: string, reason: string) => new GatewayError('GATEWAY_REQUEST_INVALID', { details: { field: `profile.${field}`, reason } });
  if (spec === undefined) return OURS_PROFILE;
  if (typeof spec === 'string') {
    const p = GATEWAY_PROFILES[spec];
    if (!p) throw invalid('name', `unknown profile ${spec.slice(0, 20)}; known: ${Object.keys(GATEWAY_PROFILES).join(', ')}`);
    return p;
  }
  const { base, ...fields } = spec;
  const from = resolveGatewayProfile(base ?? (typeof fields.name === 'string' && GATEWAY_PROFILES[fields.name] ? fields.name : 'ours'));
  const out = { ...from } as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) {
    const check = FIELDS[k as keyof GatewayProfile];
    if (!check) throw invalid(k, 'unknown field');
    if (!check(v)) throw invalid(k, 'bad value');
    out[k] = v;
  }
  return Object.freeze(out) as unknown as GatewayProfile;
}
