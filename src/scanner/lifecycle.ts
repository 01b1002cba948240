/**
 * The scanner's lifecycle as data: the UnifiedPOS states and the command
 * that moves between them, and apart from it the device link (present, lost,
 * being reopened). `Scanner` changes either only through these tables; a
 * command a state does not list is refused with `SCAN_STATE`. Drawn in
 * docs/scanners.md.
 *
 * @module
 */
import { ScannerError } from './errors.js';

/**
 * Where a `Scanner` is in its lifecycle: `closed`, `opened`, `claimed`, `enabled`.
 *
 * Exported from `yibao-pos` and `yibao-pos/scanner`.
 */
export type ScannerState = 'closed' | 'opened' | 'claimed' | 'enabled';

/** The caller's commands (the methods of the same names). */
export type ScannerCommand = 'open' | 'claim' | 'enable' | 'disable' | 'release' | 'close';

/**
 * For each state, the commands it takes and where each leads. A command to
 * the state the scanner is already in is allowed and does nothing (UnifiedPOS
 * calls are idempotent); `close` is taken everywhere.
 */
export const SCANNER_TRANSITIONS: { readonly [S in ScannerState]: Readonly<Partial<Record<ScannerCommand, ScannerState>>> } = {
  closed: { open: 'opened', disable: 'closed', release: 'closed', close: 'closed' },
  opened: { open: 'opened', claim: 'claimed', disable: 'opened', release: 'opened', close: 'closed' },
  claimed: { open: 'claimed', claim: 'claimed', enable: 'enabled', disable: 'claimed', release: 'opened', close: 'closed' },
  enabled: { open: 'enabled', claim: 'enabled', enable: 'enabled', disable: 'claimed', release: 'opened', close: 'closed' },
};

/** The state `command` leads to from `state`, or `SCAN_STATE` when the table has no such move. */
export function nextScannerState(state: ScannerState, command: ScannerCommand): ScannerState {
  const next = SCANNER_TRANSITIONS[state][command];
  if (next === undefined) throw new ScannerError('SCAN_STATE', { details: { state, command, needs: needs(command) } });
  return next;
}

/** The first state (in lifecycle order) that takes `command`, for the refusal's details. */
function needs(command: ScannerCommand): ScannerState | undefined {
  return (Object.keys(SCANNER_TRANSITIONS) as ScannerState[]).find((s) => SCANNER_TRANSITIONS[s][command] !== undefined);
}

/**
 * The device link while the scanner is open: `down` (closed, or the first
 * open under way), `up` (attached), `lost` (unplugged, waiting to reopen),
 * `reopening` (one reopen attempt in flight).
 */
export type LinkState = 'down' | 'up' | 'lost' | 'reopening';

/** For each link state, where it may go; `down` (close) is reachable from every one. */
export const LINK_TRANSITIONS: { readonly [L in LinkState]: readonly LinkState[] } = {
  down: ['up'],
  up: ['lost', 'down'],
  lost: ['reopening', 'down'],
  reopening: ['up', 'lost', 'down'],
};

/** Checks `from → to` against LINK_TRANSITIONS (`SCAN_STATE` when not listed); staying put is no move. */
export function nextLinkState(from: LinkState, to: LinkState): LinkState {
  if (from !== to && !LINK_TRANSITIONS[from].includes(to)) throw new ScannerError('SCAN_STATE', { details: { link: from, to } });
  return to;
}
