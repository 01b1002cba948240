/**
 * createFrameReader(): decodes a stream of video frames. A frame pushed while
 * another is being decoded is skipped (counted, never queued: the next fresh
 * frame is worth more than a stale one). After a frame yields a code the
 * reader stops, unless `continuous` is set. Each decoded frame reports how
 * long it took.
 *
 * @module
 */
import { decodeImage, type DecodedCode, type DecodeImageOptions } from './decode.js';
import type { ImageInput } from './input.js';

/**
 * What decoding one frame gave: the frame's number, the codes found, the time it took.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface FrameResult {
  /** Sequence number of the frame among all pushed (1-based). */
  readonly frame: number;
  readonly codes: DecodedCode[];
  /** Wall time the decode took, ms. */
  readonly decodeMs: number;
}

/**
 * Options of `createFrameReader`.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface FrameReaderOptions extends Omit<DecodeImageOptions, 'thorough'> {
  /** Keep reading after a code (default: stop after the first frame that held one). */
  continuous?: boolean;
  /** Called for every frame decoded (not the skipped ones). */
  onFrame?: (result: FrameResult) => void;
  /** Called for each frame that held at least one code. */
  onCode?: (result: FrameResult) => void;
  /** A frame that could not be read (bad dimensions…): the reader goes on. */
  onError?: (error: unknown, frame: number) => void;
}

/**
 * A frame reader's counters: frames pushed, decoded and skipped, and the last decode time.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface FrameReaderStats {
  readonly pushed: number;
  readonly decoded: number;
  readonly skipped: number;
  readonly lastDecodeMs?: number;
}

type Events = { code: FrameResult; frame: FrameResult; error: { error: unknown; frame: number } };

/**
 * What `createFrameReader` gives: push frames, stop, wait until idle, read its counters.
 *
 * Exported from `yibao-pos/camera`.
 */
export interface FrameReader {
  /** Offers a frame; returns false when it was skipped (busy or stopped). */
  push(frame: ImageInput): boolean;
  on<E extends keyof Events>(event: E, listener: (value: Events[E]) => void): () => void;
  /** Stops reading; frames pushed later are skipped. */
  stop(): void;
  readonly stopped: boolean;
  /** Resolves when the frame being decoded (if any) is done. */
  idle(): Promise<void>;
  stats(): FrameReaderStats;
}

/** Frame budget default: a 30 fps camera gives ~33 ms a frame; spending a little more just skips frames. */
const FRAME_BUDGET_MS = 40;

/**
 * A reader that decodes camera frames one at a time, skipping frames pushed while it is busy, and reports what it finds through callbacks.
 *
 * Exported from `yibao-pos/camera`.
 * @param options Decode options, continuous reading, and the frame, code and error callbacks.
 * @example
 * ```ts
 * import { createFrameReader } from 'yibao-pos/camera';
 * const reader = createFrameReader({ onCode: (r) => console.log(r.codes[0]?.text) });
 * reader.push(frame);
 * ```
 */
export function createFrameReader(options: FrameReaderOptions = {}): FrameReader {
  const listeners: { [E in keyof Events]: Set<(v: Events[E]) => void> } = { code: new Set(), frame: new Set(), error: new Set() };
  const emit = <E extends keyof Events>(e: E, v: Events[E]) => {
    for (const l of listeners[e]) l(v);
  };
  if (options.onFrame) listeners.frame.add(options.onFrame);
  if (options.onCode) listeners.code.add(options.onCode);
  if (options.onError) listeners.error.add(({ error, frame }) => options.onError!(error, frame));
  const now = options.now ?? (() => performance.now());
  let busy: Promise<void> | undefined;
  let stopped = false;
  let pushed = 0;
  let decoded = 0;
  let skipped = 0;
  let lastDecodeMs: number | undefined;

  const decodeOne = async (input: ImageInput, frame: number) => {
    const start = now();
    try {
      const codes = await decodeImage(input, { ...options, budgetMs: options.budgetMs ?? FRAME_BUDGET_MS, now });
      const result: FrameResult = { frame, codes, decodeMs: now() - start };
      decoded++;
      lastDecodeMs = result.decodeMs;
      if (stopped) return;
      emit('frame', result);
      if (codes.length > 0) {
        if (!options.continuous) stopped = true;
        emit('code', result);
      }
    } catch (error) {
      emit('error', { error, frame });
    }
  };

  return {
    push(input) {
      pushed++;
      if (stopped || busy) {
        skipped++;
        return false;
      }
      busy = decodeOne(input, pushed).finally(() => {
        busy = undefined;
      });
      return true;
    },
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
    stop() {
      stopped = true;
    },
    get stopped() {
      return stopped;
    },
    async idle() {
      await busy;
    },
    stats: () => ({ pushed, decoded, skipped, ...(lastDecodeMs === undefined ? {} : { lastDecodeMs }) }),
  };
}
