/**
 * Why a scanner port would not open, with the fix: a missing path, not a
 * tty, permission denied, a port locked by another program, an unplugged
 * device. Classified from the errno (Node's `code`), from the message
 * serialport / node-hid give (they carry no errno: "Error: Permission
 * denied, cannot open /dev/ttyACM0", "Cannot lock port", "Opening COM3:
 * Access denied"), and, when neither says, from probing the path.
 *
 * @module
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { ScannerError, type ScannerErrorCode } from './errors.js';

type DeviceCode = Extract<ScannerErrorCode, 'SCAN_PATH_MISSING' | 'SCAN_NOT_A_TTY' | 'SCAN_PERMISSION_DENIED' | 'SCAN_PORT_BUSY' | 'SCAN_UNPLUGGED' | 'SCAN_OPEN_FAILED'>;

const BY_ERRNO: Readonly<Record<string, DeviceCode>> = {
  ENOENT: 'SCAN_PATH_MISSING',
  ENOTDIR: 'SCAN_PATH_MISSING',
  ENOTTY: 'SCAN_NOT_A_TTY',
  EISDIR: 'SCAN_NOT_A_TTY',
  EACCES: 'SCAN_PERMISSION_DENIED',
  EPERM: 'SCAN_PERMISSION_DENIED',
  EBUSY: 'SCAN_PORT_BUSY',
  EAGAIN: 'SCAN_PORT_BUSY',
  EWOULDBLOCK: 'SCAN_PORT_BUSY',
  ENXIO: 'SCAN_UNPLUGGED',
  ENODEV: 'SCAN_UNPLUGGED',
};

/** Message fragments (strerror on Linux/macOS, serialport's Windows texts) → code; first match wins. */
const BY_MESSAGE: ReadonlyArray<[RegExp, DeviceCode]> = [
  [/cannot lock port|resource temporarily unavailable|device or resource busy|resource busy/i, 'SCAN_PORT_BUSY'],
  [/permission denied|access denied|operation not permitted/i, 'SCAN_PERMISSION_DENIED'],
  [/no such file or directory|file not found|cannot find the file/i, 'SCAN_PATH_MISSING'],
  [/inappropriate ioctl|not a typewriter|is a directory/i, 'SCAN_NOT_A_TTY'],
  [/no such device|device not configured/i, 'SCAN_UNPLUGGED'],
];

/** What to do, per code, with the path filled in (details.fix). */
export function deviceFix(code: DeviceCode, path: string): string {
  switch (code) {
    case 'SCAN_PATH_MISSING':
      return `${path} does not exist: check the cable and the port name; \`yibao-pos devices\` lists the ports (Linux /dev/ttyACM0 or /dev/ttyUSB0, macOS /dev/cu.usbmodem*, Windows COM3)`;
    case 'SCAN_NOT_A_TTY':
      return `${path} is not a serial port: give the scanner's tty (e.g. /dev/ttyACM0), not a file or folder`;
    case 'SCAN_PERMISSION_DENIED':
      return `add the user to the dialout group (sudo usermod -aG dialout $USER, then log in again), or a udev rule: SUBSYSTEM=="tty", ATTRS{idVendor}=="VID", MODE="0660", GROUP="dialout" (hidraw: SUBSYSTEM=="hidraw")`;
    case 'SCAN_PORT_BUSY':
      return `another program holds ${path} (see \`fuser ${path}\` or \`lsof ${path}\`): close it, e.g. a second yibao-pos, a serial terminal or ModemManager`;
    case 'SCAN_UNPLUGGED':
      return `${path} is there but no device answers: plug the scanner in again (or replug it)`;
    default:
      return `see the reason; check the cable, the path and the permissions of ${path}`;
  }
}

function errnoOf(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The code for an open failure from its errno or message alone; undefined when they do not say. */
export function classifyOpenFailure(cause: unknown): DeviceCode | undefined {
  const errno = errnoOf(cause);
  if (errno && BY_ERRNO[errno]) return BY_ERRNO[errno];
  const message = cause instanceof Error ? cause.message : String(cause);
  return BY_MESSAGE.find(([re]) => re.test(message))?.[1];
}

/** The errno probing `path` gives, or undefined when it looks like an openable device. */
export async function probeDevicePath(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path);
    if (!st.isCharacterDevice()) return 'ENOTTY';
    await access(path, constants.R_OK | constants.W_OK);
    return undefined;
  } catch (err) {
    return errnoOf(err) ?? 'EIO';
  }
}

/**
 * The typed error for a failed open of `path`: the code says which problem,
 * details carry the path, the errno or message, and the fix.
 */
export async function deviceOpenError(source: string, path: string, cause: unknown, probe = probeDevicePath): Promise<ScannerError> {
  let code = classifyOpenFailure(cause);
  let errno = errnoOf(cause);
  if (code === undefined && process.platform !== 'win32') {
    const probed = await probe(path);
    if (probed) {
      errno = probed;
      code = BY_ERRNO[probed];
    }
  }
  const final = code ?? 'SCAN_OPEN_FAILED';
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ScannerError(final, { cause, details: { source, path, ...(errno ? { errno } : {}), reason, fix: deviceFix(final, path) } });
}
