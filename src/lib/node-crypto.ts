/**
 * `node:crypto` where the runtime has it (Node 20.16+ through
 * `process.getBuiltinModule`), undefined in a browser, without a static
 * import: the voucher and PIN-seal paths run in both and take the fast
 * synchronous Node calls only when they exist.
 *
 * @module
 */
export type NodeCrypto = typeof import('node:crypto');

export const nodeCrypto: NodeCrypto | undefined = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
})();
