// Types for scripts/kiosk-set.mjs, which the tests and the benchmark import.
import type { CameraFrame } from './camera-set.mjs';
export declare const KIOSK_WIDTH: number;
export declare const KIOSK_HEIGHT: number;
export declare function makeKioskFrame(index: number, seed: number): CameraFrame;
export declare function loadKioskSet(dir: string, options?: { count?: number; seed?: number }): Promise<CameraFrame[]>;
