/**
 * The simulator's national wire: the paas headers checked (`x-tif-*`, the
 * timestamp within five minutes, a nonce used once), then the envelope
 * opened (SM4-decrypted `input`, SM2 `cainfo` over it with the client id as
 * user id), and the answer's `output` sealed with SM4 when the request was
 * encrypted.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { paasHeaders } from '../gateway/profile/headers.js';
import { openInputSm2, sealOutput } from '../gateway/security/input-sm2.js';
import type { NationalEnvSettings } from './env.js';
import type { PlatformSecrets } from './national-env.js';

const SKEW_MS = 300_000;

export interface NationalWire {
  /** The reason the paas headers are refused, or undefined when they are right. */
  checkHeaders(headers: IncomingHttpHeaders, nowMs: number): string | undefined;
  /** The envelope (input decrypted and verified), its till's kid and pharmacy, and the SM4 key to answer with. */
  open(parsed: Record<string, unknown>): Promise<{ envelope: Record<string, unknown>; kid: string; fixmedinsCode: string; sm4Key: Uint8Array | string | undefined }>;
  seal(answer: Record<string, unknown>, sm4Key: Uint8Array | string | undefined): Record<string, unknown>;
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function nationalWire(settings: NationalEnvSettings, platform: PlatformSecrets): NationalWire {
  const seen = new Map<string, number>();
  return {
    checkHeaders(headers, nowMs) {
      const h = (k: string): string | undefined => (typeof headers[k] === 'string' ? (headers[k] as string) : undefined);
      const paasid = h('x-tif-paasid');
      const timestamp = h('x-tif-timestamp');
      const nonce = h('x-tif-nonce');
      const signature = h('x-tif-signature');
      if (!paasid || !timestamp || !nonce || !signature) return 'x-tif headers missing';
      if (paasid !== settings.paasid) return 'unknown paasid';
      if (!/^\d{10}$/.test(timestamp) || Math.abs(Number(timestamp) * 1000 - nowMs) > SKEW_MS) return 'x-tif-timestamp out of range';
      if (nonce.length > 64) return 'x-tif-nonce too long';
      const expected = paasHeaders({ paasid, token: platform.paasToken }, Number(timestamp) * 1000, nonce)['x-tif-signature']!;
      if (!same(signature.toLowerCase(), expected)) return 'x-tif-signature does not verify';
      for (const [n, at] of seen) if (at < nowMs - 2 * SKEW_MS) seen.delete(n);
      if (seen.has(nonce)) return 'x-tif-nonce used before';
      seen.set(nonce, nowMs);
      return undefined;
    },
    async open(parsed) {
      let till: NationalEnvSettings['terminals'][number] | undefined;
      const { envelope, sm4Key } = await openInputSm2(parsed, ({ fixmedinsCode, devNo, appId }) => {
        till = settings.terminals.find((t) => t.fixmedinsCode === fixmedinsCode && t.devNo === devNo && t.clientId === appId);
        const secret = till ? platform.secrets[till.clientId] : undefined;
        return till && secret !== undefined ? { publicKeyHex: till.publicKeyHex, clientId: till.clientId, secret } : undefined;
      });
      return { envelope, kid: till!.kid, fixmedinsCode: till!.fixmedinsCode, sm4Key };
    },
    seal(answer, sm4Key) {
      if (sm4Key === undefined || answer.output === null || answer.output === undefined) return answer;
      return { ...answer, output: sealOutput(answer.output, sm4Key), enc_type: 'SM4' };
    },
  };
}
