/**
 * USB vendor ids of barcode-scanner makers (and the USB-serial bridge chips
 * their serial models use). Used by discovery to tell a scanner from a mouse.
 *
 * @module
 */

export const KNOWN_SCANNER_VENDORS: ReadonlyMap<number, string> = new Map([
  [0x0c2e, 'Honeywell (Metrologic/Hand Held Products)'],
  [0x05e0, 'Zebra (Symbol)'],
  [0x05f9, 'Datalogic'],
  [0x1eab, 'Newland'],
  [0x067e, 'Intermec'],
  [0x2dd6, 'Mertech'],
  [0x27dd, 'Mindeo'],
  [0x0536, 'Hand Held Products'],
  [0x065a, 'Opticon'],
  [0x1a86, 'QinHeng CH340 (USB-serial)'],
  [0x0403, 'FTDI (USB-serial)'],
  [0x067b, 'Prolific PL2303 (USB-serial)'],
  [0x10c4, 'Silicon Labs CP210x (USB-serial)'],
  [0x26f1, 'Youjie (Honeywell China)'],
  [0x34eb, 'Netum'],
  [0x1d82, 'Winson'],
]);

/** USB-serial bridges: a serial port on one is probably, not certainly, a scanner. */
export const SERIAL_BRIDGES: ReadonlySet<number> = new Set([0x1a86, 0x0403, 0x067b, 0x10c4]);
