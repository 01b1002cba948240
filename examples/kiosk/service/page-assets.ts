/**
 * The page's files: its HTML and CSS as written, its script bundled for the
 * browser by esbuild at start (from the built package, like any app that
 * installs yibao-pos), so nothing is fetched from elsewhere.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Asset } from './http.js';

const PAGE = fileURLToPath(new URL('../page/', import.meta.url));

/** Bundles one page script (ESM, browser, minified) and returns its text. */
export async function bundlePage(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [PAGE + entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'error',
    // The package's own tsconfig maps yibao-pos to its sources for type checks; the page takes the build.
    tsconfigRaw: {},
  });
  return out.outputFiles[0]!.text;
}

export async function pageAssets(): Promise<Record<string, Asset>> {
  const wasmFile = createRequire(import.meta.url).resolve('yibao-pos/camera/zxing_reader.wasm');
  const [html, css, script, walletHtml, walletScript, wasm] = await Promise.all([
    readFile(PAGE + 'index.html', 'utf8'),
    readFile(PAGE + 'kiosk.css', 'utf8'),
    bundlePage('main.ts'),
    readFile(PAGE + 'wallet.html', 'utf8'),
    bundlePage('wallet.ts'),
    readFile(wasmFile),
  ]);
  return {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/kiosk.css': { type: 'text/css; charset=utf-8', body: css },
    '/kiosk.js': { type: 'text/javascript; charset=utf-8', body: script },
    '/wallet': { type: 'text/html; charset=utf-8', body: walletHtml },
    '/wallet.js': { type: 'text/javascript; charset=utf-8', body: walletScript },
    // The QR decoder's WebAssembly (yibao-pos/camera), served here so the page needs no other origin.
    '/zxing_reader.wasm': { type: 'application/wasm', body: wasm },
  };
}
