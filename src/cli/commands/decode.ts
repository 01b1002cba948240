/**
 * `yibao-pos decode FILE... [--json]`: prints every code found in PNG/JPEG
 * pictures, in reading order. Plain: `FILE<TAB>kind<TAB>symbology<TAB>text`
 * per code; `--json`: one object per code, `{"text","kind","symbology","file"}`.
 * Exit 0 when every file held a code, 1 when one held none, 2 when a file
 * could not be read or is not a PNG/JPEG (the other files are still decoded).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { decodeImage } from '../../camera/index.js';
import { ScannerError, YibaoError } from '../../index.js';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from '../exit.js';
import { visible } from './listen.js';

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .description('print the QR codes found in PNG/JPEG pictures (exit 0 every file held a code, 1 one held none, 2 unreadable file)')
    .argument('<file...>', 'PNG or JPEG pictures')
    .option('--json', 'one JSON object per code: {"text","kind","symbology","file"}')
    .action(async (files: string[], opts: { json?: boolean }) => {
      let exit = EXIT_OK;
      for (const file of files) {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(file));
        } catch (err) {
          process.stderr.write(`yibao-pos: ${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
          exit = EXIT_USAGE;
          continue;
        }
        let codes;
        try {
          codes = await decodeImage(bytes, { thorough: true });
        } catch (err) {
          if (!YibaoError.is(err)) throw err;
          process.stderr.write(`yibao-pos: ${file}: ${err.code}: ${err.messages.zh} / ${err.messages.en} (PNG or JPEG expected)\n`);
          exit = EXIT_USAGE;
          continue;
        }
        if (codes.length === 0) {
          const none = new ScannerError('SCAN_IMAGE_NO_CODE');
          process.stderr.write(`yibao-pos: ${file}: ${none.code}: ${none.messages.zh} / ${none.messages.en}\n`);
          if (exit === EXIT_OK) exit = EXIT_REFUSED;
        }
        for (const c of codes) {
          process.stdout.write(opts.json ? `${JSON.stringify({ text: c.text, kind: c.kind, symbology: c.symbology, file })}\n` : `${file}\t${c.kind}\t${c.symbology}\t${visible(c.text)}\n`);
        }
      }
      process.exitCode = exit;
    });
}
