/**
 * The page's camera as a scanner: codes the page reads from its frames come
 * in over the API and are handed to the terminal like any scanner's, one
 * line each, so the terminal's own voucher queue feeds the open sale.
 *
 * @module
 */
import type { BindingPort, BindingSink, ScannerBinding } from 'yibao-pos/scanner';

export class PageCameraBinding implements ScannerBinding {
  readonly source = 'camera:page';
  readonly format = 'bytes' as const;
  readonly reopenable = false;
  private sink: BindingSink | undefined;

  async open(sink: BindingSink): Promise<BindingPort> {
    this.sink = sink;
    return {
      close: async () => {
        this.sink = undefined;
      },
    };
  }

  /** One code read by the page; the caller has checked it holds no control character. */
  push(text: string): void {
    this.sink?.data(new TextEncoder().encode(`${text}\n`));
  }
}
