/** Test helpers: the error a promise rejects with, and per-test cleanup. */
import { afterEach } from 'vitest';
import type { GatewayError } from '../../../src/gateway/errors.js';

export async function failure(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (e) {
    return e as GatewayError;
  }
  throw new Error('expected a failure');
}

/** Registers an afterEach that runs the pushed closers in reverse order. */
export function useCleanup(): Array<() => Promise<void>> {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
  return cleanup;
}
