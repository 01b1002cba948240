/**
 * yibao-pos/sim: the developer kit's gateway simulator and environment
 * (re-exports only).
 *
 * @module
 */
export { startSimulator, type Simulator, type SimulatorOptions } from './server.js';
export { initEnvironment, type InitOptions, type PersonCase } from './init.js';
export { SimError } from './errors.js';
export type { FaultKind } from './faults.js';
export * from './env.js';
export { createGatewayClientFromEnv } from './gateway-from-env.js';
