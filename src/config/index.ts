/**
 * The terminal's configuration (`terminal.json`): read, write, and turn it
 * into `createTerminal` / `GatewayClient` options. Node only (node:fs);
 * exported from `yibao-pos` and from its own subpath `yibao-pos/config`.
 * Re-exports only.
 *
 * @module yibao-pos/config
 */
export { ConfigError } from './errors.js';
export type { ConfigErrorCode } from './errors.js';
export { readTerminalSettings, writeTerminalSettings, terminalFiles, trustFilesOf, tillSettings, TERMINAL_SETTINGS_FILE } from './settings.js';
export type { TerminalSettings, TerminalSettingsInput, TerminalGatewaySettings, TerminalTillSettings } from './settings.js';
export { loadTerminalConfig, loadGatewayOptions } from './load.js';
export type { TerminalOverrides, LoadedTerminalConfig } from './load.js';
