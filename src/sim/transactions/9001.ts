/**
 * 9001 签到 sign-in and 9002 签退 sign-out. A sign_no is valid until it is
 * signed out or the China Standard Time day it was issued on ends.
 *
 * @module
 */
import type { Handler } from '../context.js';
import { obj, str } from '../input.js';
import { cstDateTime, cstStamp14 } from '../rules/day.js';

export const signIn: Handler<{ opter: string }> = {
  async prepare(ctx) {
    const input = obj(ctx.env.input, 'signIn');
    return { opter: str(input, 'opter_no', /^.{1,64}$/) };
  },
  apply(ctx, p) {
    const now = ctx.clock();
    const signNo = `${cstStamp14(now)}${String(ctx.ledger.next('sign_no')).padStart(8, '0')}`;
    ctx.ledger.recordSignIn(signNo, ctx.env.fixmedins_code, ctx.env.dev_no, p.opter, now);
    return { output: { signinoutb: { sign_time: cstDateTime(now), sign_no: signNo } } };
  },
};

export const signOut: Handler<{ signNo: string }> = {
  async prepare(ctx) {
    const input = obj(ctx.env.input, 'signOut');
    str(input, 'opter_no', /^.{1,64}$/);
    return { signNo: str(input, 'sign_no', /^.{1,64}$/) };
  },
  apply(ctx, p) {
    const s = ctx.ledger.signIn(p.signNo);
    if (s && s.fixmedins_code === ctx.env.fixmedins_code) ctx.ledger.endSignIn(p.signNo, ctx.clock());
    return { output: {} };
  },
};
