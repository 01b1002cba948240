/**
 * yibao-pos/voucher: public exports of this area (re-exports only).
 *
 * @module
 */
export {};
