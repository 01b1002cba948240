/**
 * yibao-pos/scanner: public exports of this area (re-exports only).
 *
 * @module
 */
export {};
