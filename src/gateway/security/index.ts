export type { RequestSecurity, SealedRequest } from './types.js';
export { jwsSecurity } from './jws.js';
export { sm2Security, openSm2Body, type Sm2SecurityOptions } from './national.js';
export { sm2Sign, sm2Verify, sm2KeyPair, sm2PublicKeyOf, sm4Encrypt, sm4Decrypt, SM2_DEFAULT_USER_ID } from './sm2.js';
