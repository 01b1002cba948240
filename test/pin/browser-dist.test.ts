/**
 * The BUILT `yibao-pos/pin/seal` (dist/pin/browser.js) seals the PIN block in
 * a browser, as the kiosk page does: it bundles for platform browser with no
 * node: builtin, no native module and none of the TTY or serial pads; and the
 * block it seals in the bundle opens with the PIN key to the same payload.
 */
import { relative, resolve } from 'node:path';
import { compactDecrypt, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser, cjsRequires, NODE_ONLY } from '../helpers/browser-bundle.js';
import { DIST } from '../helpers/cli.js';

/** The built subpath bundled for a browser: the files it pulled in, the imports it resolved, the text. */
async function bundled() {
  const { result, imports } = await bundleForBrowser(resolve(DIST, 'pin/browser.js'));
  return { files: Object.keys(result.metafile.inputs).map((i) => relative(DIST, resolve(i))), imports, text: result.outputFiles[0]!.text };
}

describe('built yibao-pos/pin/seal in a browser', () => {
  it('bundles with no node: or native import and no PIN pad device code', async () => {
    const { files, imports, text } = await bundled();
    expect(files).toContain('pin/browser.js');
    expect(files.some((f) => f.includes('node_modules/jose/'))).toBe(true);
    expect(imports.filter((i) => NODE_ONLY.test(i))).toEqual([]);
    expect(text).not.toMatch(/setRawMode|SerialPort|readline/);
    expect(text).toContain('ECDH-ES+A256KW');
  });

  it('the CJS build requires no node: builtin or native module either', async () => {
    const external = await cjsRequires(resolve(DIST, 'pin/browser.cjs'));
    expect(external.filter((s) => NODE_ONLY.test(s))).toEqual([]);
    // jose is ESM-only, so the CJS build carries its own copy (require() of it fails on Node < 20.19).
    expect(external).not.toContain('jose');
  });

  it('the bundled sealer makes a block that opens to the PIN bound to jti, msgid and amount; digits are wiped', async () => {
    const { text } = await bundled();
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`)) as typeof import('yibao-pos/pin/seal');
    const { publicKey, privateKey } = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256' });
    const digits = new mod.PinDigits();
    for (const c of '918273') digits.push(c.charCodeAt(0));
    expect(digits.complete).toBe(true);
    const opts = { jti: 'jti-0123456789abcdef', msgid: 'P42010000001202612011200000001', amountFen: 4530, pinKey: await exportJWK(publicKey), now: 1_764_000_000_000 };
    const block = await digits.consume((d) => mod.sealPinDigits(d, opts));
    expect(digits.length).toBe(0);
    expect(block.split('.')).toHaveLength(5);
    const { plaintext } = await compactDecrypt(block, privateKey);
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual({ pin: '918273', jti: opts.jti, msgid: opts.msgid, amt: 4530, iat: 1_764_000_000 });
    await expect(mod.sealPinBlock('12345', opts)).rejects.toMatchObject({ code: 'PIN_FORMAT' });
  });
});
