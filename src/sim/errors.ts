/**
 * Refusals of the simulator's own tooling (not gateway answers, which are
 * `err_code`s on the wire).
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

/**
 * Refusals of the simulator's tooling: `SIM_ENV_EXISTS`, `SIM_ENV_MISSING`.
 *
 * Exported from `yibao-pos/sim`.
 *
 * @example
 * ```ts
 * import { initEnvironment, SimError } from 'yibao-pos/sim';
 * await initEnvironment({ dir }).catch((err) => {
 *   if (SimError.is(err) && err.code === 'SIM_ENV_EXISTS') console.log('reusing', dir);
 *   else throw err;
 * });
 * ```
 */
export const SimError = defineErrors('SimError', {
  SIM_ENV_EXISTS: {
    zh: '该目录已有模拟环境，请换一个目录或先删除',
    en: 'This directory already holds an environment; choose another or delete it first',
  },
  SIM_ENV_MISSING: {
    zh: '该目录没有模拟环境，请先运行 yibao-pos gateway init --dir DIR',
    en: 'No environment in this directory; run yibao-pos gateway init --dir DIR first',
  },
  SIM_TILL_UNKNOWN: {
    zh: '该环境没有这个收款台编号，请用 gateway init --tills N 创建足够的收款台',
    en: 'This environment has no till of that number; make enough tills with gateway init --tills N',
  },
  SIM_TILLS_INVALID: {
    zh: '收款台数量必须是 1 到 100 的整数',
    en: 'The number of tills must be a whole number from 1 to 100',
  },
});
export type SimError = InstanceType<typeof SimError>;
