/**
 * yibao-pos/gateway: public exports of this area (re-exports only).
 *
 * @module
 */
export {};
