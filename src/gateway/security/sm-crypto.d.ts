// The parts of sm-crypto (which ships no types) this project uses.
declare module 'sm-crypto' {
  interface SignOptions {
    hash?: boolean;
    der?: boolean;
    publicKey?: string;
    userId?: string;
    pointPool?: Array<{ k: unknown; x1: unknown }>;
  }
  const smCrypto: {
    sm2: {
      doSignature(msg: string | number[] | Uint8Array, privateKeyHex: string, options?: SignOptions): string;
      doVerifySignature(msg: string | number[] | Uint8Array, signHex: string, publicKeyHex: string, options?: { der?: boolean; hash?: boolean; userId?: string }): boolean;
      getPublicKeyFromPrivateKey(privateKeyHex: string): string;
      generateKeyPairHex(): { privateKey: string; publicKey: string };
      verifyPublicKey(publicKeyHex: string): boolean;
    };
  };
  export default smCrypto;
}
