/**
 * yibao-pos/sim: the developer kit's gateway simulator and environment
 * (re-exports only).
 *
 * @module
 */
export { startSimulator, type Simulator, type SimulatorOptions } from './server.js';
export { readAdminToken, simAdminFetch } from './admin-client.js';
export { initEnvironment, type InitOptions, type PersonCase } from './init.js';
export { SimError } from './errors.js';
export { PROFILES, type ProfileName } from './profile/index.js';
export type { FaultKind } from './faults.js';
export { envPaths, envTills, readEnvKey, readEnvSettings, readEnvTrust } from './env.js';
export type { EnvSettings, TillSettings, PharmacySettings, NationalEnvSettings, KeyName } from './env.js';
export { createGatewayClientFromEnv } from './gateway-from-env.js';
export { terminalConfigFromEnv, tillStateDir } from './terminal-config.js';
export type { TillIdentity } from './tills.js';
export { renewTrustList } from './trust-renew.js';
export { createVirtualSerialScanner, type VirtualSerialScanner } from './virtual-scanner.js';
export { openPinBlock } from './pin-block.js';
// The issuer (wallet) side: keys, trust lists and vouchers for tests and demos.
export { generateSigningKey, generatePinKey, type KeyPairJwk } from './issuer/keys.js';
export { makeTrustList, type MakeTrustListOptions } from './issuer/trust-list.js';
export { issueVoucher, type IssueVoucherOptions } from './issuer/voucher.js';
export { canonicalSignature } from './issuer/signing.js';
export { qrForTerminal, writeQrPng } from './issuer/qr.js';
export { drawNationalCode, type NationalCodeRequest } from './issuer/national-code.js';
export { resetPinTries, type PinResetResult } from './pin-reset.js';
export { maskName } from '../checkout/online-voucher.js';
