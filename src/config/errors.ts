/**
 * Refusals of the terminal configuration: a settings file that is missing,
 * unreadable or malformed, or a file it names that cannot be read. The CLI
 * exits 2 on every `CONFIG_*` code (a set-up problem, not a refusal).
 *
 * @module
 */
import { defineErrors } from '../lib/errors.js';

/**
 * The error a terminal configuration is refused with; branch on `err.code`
 * (`CONFIG_MISSING`, `CONFIG_INVALID`, `CONFIG_FILE_UNREADABLE`). `details`
 * names the file and, for `CONFIG_INVALID`, the field.
 *
 * Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import { readTerminalSettings, ConfigError } from 'yibao-pos';
 * try {
 *   await readTerminalSettings('/etc/yibao-pos');
 * } catch (err) {
 *   if (ConfigError.is(err) && err.code === 'CONFIG_MISSING') console.error(err.messages.en);
 * }
 * ```
 */
export const ConfigError = defineErrors('ConfigError', {
  CONFIG_MISSING: {
    zh: '找不到终端配置文件，请先运行 yibao-pos gateway init --dir DIR 或按说明编写 terminal.json',
    en: 'No terminal configuration found; run yibao-pos gateway init --dir DIR or write terminal.json as the README shows',
  },
  CONFIG_INVALID: {
    zh: '终端配置文件内容有误，请按说明修正',
    en: 'The terminal configuration is malformed; correct the field named in the details',
  },
  CONFIG_TILL_UNKNOWN: {
    zh: '终端配置中没有这个收银台，请检查 --till 编号，或用 gateway init --tills N 创建足够的收银台',
    en: 'The terminal configuration has no such till; check the --till number, or make enough tills with gateway init --tills N',
  },
  CONFIG_FILE_UNREADABLE: {
    zh: '终端配置中指定的文件无法读取（密钥、信任列表），请检查路径和权限',
    en: 'A file the terminal configuration names (key, trust list) cannot be read; check its path and permissions',
  },
});
/** An instance of {@link ConfigError}. Exported from `yibao-pos` and `yibao-pos/config`. */
export type ConfigError = InstanceType<typeof ConfigError>;
/**
 * The codes a {@link ConfigError} carries. Exported from `yibao-pos` and `yibao-pos/config`.
 *
 * @example
 * ```ts
 * import type { ConfigErrorCode } from 'yibao-pos';
 * const fatal: ConfigErrorCode[] = ['CONFIG_MISSING', 'CONFIG_INVALID'];
 * ```
 */
export type ConfigErrorCode = ConfigError['code'];
