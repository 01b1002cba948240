/**
 * yibao-pos/checkout: public exports of this area (re-exports only).
 *
 * @module
 */
export {};
