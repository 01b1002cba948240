/**
 * The `national` answer profile: answers exactly as real gateways send them.
 * The envelope has `infcode` as a number, `err_msg` null on success,
 * `warn_msg`, `cainfo` and `signtype` present (null), and none of this
 * project's extensions (`err_code`, `tries_left`): a wrong PIN says how many
 * tries are left in `err_msg` only. Outputs are shaped per transaction
 * (national-outputs.ts).
 *
 * @module
 */
import type { AnswerEnvelope } from '../envelope.js';
import { NATIONAL_OUTPUTS } from './national-outputs.js';
import type { AnswerProfile } from './types.js';

function refusalMessage(a: AnswerEnvelope): string {
  const tries = a.tries_left ?? (a.output as { tries_left?: unknown } | undefined)?.tries_left;
  return a.err_code === 'PIN_WRONG' && typeof tries === 'number' ? `${a.err_msg}，还可输入${tries}次` : a.err_msg;
}

export const nationalProfile: AnswerProfile = {
  name: 'national',
  shape(answer, infno) {
    const base = {
      infcode: answer.infcode,
      inf_refmsgid: answer.inf_refmsgid,
      refmsg_time: answer.refmsg_time,
      respond_time: answer.respond_time,
    };
    const trailer = { warn_msg: null, cainfo: null, signtype: null };
    if (answer.infcode !== 0) return { ...base, err_msg: refusalMessage(answer), ...trailer, output: null };
    const copy = JSON.parse(JSON.stringify(answer.output ?? {})) as Record<string, unknown>;
    const shaper = infno === undefined ? undefined : NATIONAL_OUTPUTS[infno];
    const shaped = shaper ? shaper(copy) : undefined;
    return { ...base, err_msg: null, ...trailer, output: shaped === undefined ? copy : shaped };
  },
};
