/**
 * A gateway profile: everything a province's gateway decides about how a
 * message travels, as data. `ours` is the project's own transport and
 * extensions; `national` follows what public clients of the national
 * platform send (docs/gateway-profiles.md gives each field's public client).
 * Secrets are not part of a profile: they are `GatewayCredentials`, kept
 * apart (a file of their own, never logged).
 *
 * @module
 */

/**
 * How the HTTP request is authenticated besides the envelope:
 * - `jws`: our detached JWS over the body in `X-Yb-Signature` (ES256 terminal key);
 * - `paas`: the platform's paas headers `x-tif-paasid`, `x-tif-timestamp`, `x-tif-nonce`,
 *   `x-tif-signature` = SHA-256 hex of timestamp + token + nonce + timestamp;
 * - `hmac`: the `_api_*` headers of an API bus (`_api_name`, `_api_version`, `_api_timestamp`,
 *   `_api_access_key`, `_api_signature` = base64 HMAC-SHA1 over the sorted `k=v&…` of the four);
 * - `oauth`: `Authorization: Bearer` with a token the client fetches by the password grant and renews;
 * - `none`.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type HeaderSigning = 'jws' | 'paas' | 'hmac' | 'oauth' | 'none';

/**
 * How the envelope is signed inside: not at all (`none`), our SM2 over the
 * whole body (`body`, `cainfo` last), or SM2 over the JSON of `input` with the
 * client id as the SM2 user id (`input`, as the platform's channel clients).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type Sm2Variant = 'none' | 'body' | 'input';

/**
 * Where the sealed PIN block travels in a 2102: our extension `input.pin_blk`,
 * inside `druginfo.pin_blk`, or nowhere (the province checks the PIN itself).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export type PinBlockCarriage = 'input' | 'druginfo' | 'none';

/**
 * A gateway profile as data.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface GatewayProfile {
  name: string;
  /** Appended to the gateway base URL: `/trans` (ours), `/fsi/api/rsfComIfsService/callService` (national). */
  servicePath: string;
  headerSigning: HeaderSigning;
  /** `dev_safe_info`, `cainfo`, `signtype` always present in the envelope (`""` when unused). */
  envelopeExtras: boolean;
  sm2: Sm2Variant;
  /** `input` sent SM4-encrypted (base64), `enc_type: "SM4"`. */
  sm4Input: boolean;
  /** An answer whose `output` is an SM4-encrypted base64 string is decrypted (else it is unreadable). */
  sm4Output: boolean;
  pinBlock: PinBlockCarriage;
  /** 1101 also sends `psn_cert_type`/`certno`/`psn_name` of the identity a national code decoded to. */
  personIdentity: boolean;
  /** National voucher codes: transaction 1162 through the gateway, or the local voucher service's `ec.query`. */
  voucherDecode: '1162' | 'ec.query';
  /** Path of the local voucher service, appended to the base URL (`ec.query`). */
  voucherServicePath: string;
  /** The voucher service's business type: 02121 pharmacy purchase (药店购药), 01301 a hospital's settlement. */
  ecBusinessType: string;
  /**
   * Where 2101/2102 carry the trace codes: `drug_trac_info` (a list node, one
   * entry per code) or `drug_trac_codg` (comma-joined on each `drugdetail`
   * line). docs/national-sale.md says which public clients use which.
   */
  traceCodes: 'drug_trac_info' | 'drug_trac_codg';
}

/**
 * The secrets a profile needs, kept apart from the profile (and from logs):
 * the paas id and token, the API bus keys, the OAuth account, the SM2 key
 * and channel client id/secret.
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface GatewayCredentials {
  paas?: { paasid: string; token: string };
  hmac?: { accessKey: string; secretKey: string; apiVersion?: string };
  oauth?: { tokenUrl: string; username: string; password: string; clientId?: string; clientSecret?: string; scope?: string };
  /** SM2 private key (64 hex digits); `clientId` is the SM2 user id and, with `secret`, gives the SM4 key (`input` variant). */
  sm2?: { privateKeyHex: string; clientId?: string; secret?: string; userId?: string; sm4KeyHex?: string };
}
