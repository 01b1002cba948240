/**
 * yibao-pos/pin: public exports of this area (re-exports only).
 *
 * @module
 */
export {};
