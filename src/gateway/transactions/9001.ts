/**
 * 9001 签到 sign-in: the operator's `opter_no` and the terminal's `mac`/`ip`
 * in; `signinoutb.sign_no` (carried by every other message) out.
 *
 * @module
 */
import { object, textField } from '../read.js';
import type { SignIn } from '../types.js';
import type { Codec } from './codec.js';

export const signIn9001: Codec<void, SignIn> = {
  infno: '9001',
  input: (_req, ctx) => ({ signIn: { opter_no: ctx.opter, mac: ctx.mac, ip: ctx.ip } }),
  read({ output, msgid }) {
    const out = object(output, 'signinoutb', msgid);
    return { signNo: textField(out, 'sign_no', msgid), signTime: textField(out, 'sign_time', msgid) };
  },
};
