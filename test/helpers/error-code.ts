/** Test helpers: the `code` an operation refuses with. */
import { YibaoError } from '../../src/lib/errors.js';

/** The code a synchronous call throws, or undefined when it returns. */
export function codeOfCall(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as YibaoError).code;
  }
  return undefined;
}

/** `ok` when the promise resolves, else the typed error's code. */
export const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (YibaoError.is(e) ? e.code : `not a typed error: ${String(e)}`),
  );
