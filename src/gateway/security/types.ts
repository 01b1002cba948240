/**
 * Request security profiles: how a request envelope becomes signed bytes.
 * Today's detached JWS header (`jws`), or the national SM3withSM2 signature
 * in the envelope's own `cainfo`/`signtype` fields (`sm2`, optionally with
 * the `input` encrypted with SM4). The client serializes through the
 * profile, so the bytes signed are the bytes sent.
 *
 * @module
 */
import type { RequestEnvelope } from '../wire.js';

export interface SealedRequest {
  /** The exact bytes to POST. */
  body: Uint8Array;
  /** Extra HTTP headers (lower case). */
  headers: Record<string, string>;
}

/**
 * How a request is sealed and an answer opened: JWS body signatures (`jwsSecurity`) or the national interface's SM2/SM4 (`sm2Security`).
 *
 * Exported from `yibao-pos` and `yibao-pos/gateway`.
 */
export interface RequestSecurity {
  /** `jws`, `sm2`, or an integrator's own. */
  readonly name: string;
  seal(envelope: RequestEnvelope): Promise<SealedRequest>;
  /** An answer's `output` as the profile sends it (an SM4-encrypted string) made readable; absent: taken as it is. */
  openOutput?(output: unknown): unknown;
}
