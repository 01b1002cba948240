// Types for scripts/camera-set.mjs, which the tests and the benchmark import.
export declare const WIDTH: number;
export declare const HEIGHT: number;
export declare const CATEGORIES: string[];
export interface CameraFrame {
  name: string;
  category: string;
  /** Texts a correct decoder reports, in reading order; [] for a damaged code. */
  expected: string[];
  /** Texts drawn in the frame (before damage). */
  original: string[];
  recipe?: Record<string, unknown>;
  file: Uint8Array;
}
export declare function makeFrame(index: number, category: string, seed: number): CameraFrame;
export declare function makeCameraSet(options?: { count?: number; seed?: number }): Generator<CameraFrame>;
export declare function score(frame: { expected: string[]; original: string[] }, texts: string[]): 'correct' | 'wrong' | 'missed';
export declare function loadCameraSet(dir: string, options?: { count?: number; seed?: number }): Promise<CameraFrame[]>;
export declare function loadRealPhotos(dir: string): Promise<CameraFrame[]>;
export declare function writeCameraSet(root: string, options?: { count?: number; seed?: number }): Promise<number>;
export declare function prng(seed: number): { next(): number; range(lo: number, hi: number): number; int(lo: number, hi: number): number; gauss(): number; pick<T>(xs: T[]): T };
