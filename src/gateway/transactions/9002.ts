/**
 * 9002 签退 sign-out: ends the `sign_no` of the operator who signed in.
 *
 * @module
 */
import type { Codec } from './codec.js';

export const signOut9002: Codec<{ signNo: string; opter: string }, void> = {
  infno: '9002',
  input: (req) => ({ signOut: { sign_no: req.signNo, opter_no: req.opter } }),
  read: () => undefined,
};
