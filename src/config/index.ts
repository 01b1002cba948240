/**
 * The terminal's configuration (`terminal.json`): read, write, and turn it
 * into `createTerminal` / `GatewayClient` options. Node only (node:fs);
 * exported from the main entry `yibao-pos`. Re-exports only.
 *
 * @module
 */
export { ConfigError } from './errors.js';
export type { ConfigErrorCode } from './errors.js';
export { readTerminalSettings, writeTerminalSettings, terminalFiles, trustFilesOf, tillSettings, TERMINAL_SETTINGS_FILE } from './settings.js';
export type { TerminalSettings, TerminalSettingsInput, TerminalGatewaySettings, TerminalTillSettings } from './settings.js';
export { loadTerminalConfig, loadGatewayOptions } from './load.js';
export type { TerminalOverrides, LoadedTerminalConfig } from './load.js';
