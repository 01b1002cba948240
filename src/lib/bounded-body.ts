/**
 * Reads an HTTP answer's body up to a size limit, and no further: a declared
 * length above it is refused before reading, and a body that grows past it
 * is cancelled mid-stream (the connection is dropped), so a hostile or broken
 * server cannot make the process hold more than `max` bytes of it.
 *
 * @module
 */

/** What is needed of a fetch Response (the global one or undici's). */
export interface BoundedResponse {
  headers: { get(name: string): string | null };
  body: {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void> };
    cancel(reason?: unknown): Promise<void>;
  } | null;
}

/** The body as bytes, or a rejection with `BodyTooLargeError` once it passes `max` bytes. */
export async function readBounded(response: BoundedResponse, max: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(max);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || value === undefined) break;
    size += value.byteLength;
    if (size > max) {
      // Cancelling aborts the download: nothing past the limit is read.
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(max);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as UTF-8 text (invalid bytes refused), bounded as {@link readBounded}. */
export async function readBoundedText(response: BoundedResponse, max: number): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await readBounded(response, max));
}

/** An answer larger than its limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`answer larger than ${limit} bytes`);
  }
}
