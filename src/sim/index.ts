/**
 * yibao-pos/sim: public exports of this area (re-exports only).
 *
 * @module
 */
export {};
