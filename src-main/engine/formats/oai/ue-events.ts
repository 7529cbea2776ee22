/**
 * UE life events and cell start/stop in OAI logs:
 *
 *   created:    "Adding new UE context with RNTI 0x177b", "[gNB 0] Adding UE with rnti 23eb
 *               (next avail 0, num_UEs 0)", "gNB 0] Add NR UE_id 0 : rnti 23eb",
 *               "Added new UE 23eb with initial CellGroup",
 *               "[PHY] Added new UE_id 0/23eb with initial secondaryCellGroup"
 *   removed:    "Remove NR rnti 0x177b", eNB "Removing UE 0 from Primary CC_id 0 (rnti 43eb)"
 *   ul-failure: "UE 177b: Detected UL Failure on PUSCH after 10 PUSCH DTX, stopping
 *               scheduling" (repeated with 11, 12... while the DTX go on), eNB "UE 0 rnti
 *               43eb: UL Failure timer 1"
 *   rlf:        eNB "UE 0 rnti 43eb: UL Failure after repeated PDCCH orders: Triggering RRC"
 *
 * One creation is often logged by two or three lines (MAC and PHY, old and new wording):
 * a UE counts as created once until it is removed.
 */
import type { OaiContext } from './context.js';
import { frameSlot, frameSlotAt, hexAfter, hexAt, intAfter, intAt, scan } from './scan.js';

/** Handles a MAC line about a UE's life; false if `body` is not one. */
export function macUeEvent(ctx: OaiContext, body: string): boolean {
  if (body.startsWith('Adding new UE context with RNTI ')) {
    created(ctx, hexAt(body, 32), null, 'new UE context');
    return true;
  }
  const adding = body.indexOf('Adding UE with rnti ');
  if (adding >= 0) {
    created(ctx, hexAt(body, adding + 20), null, 'UE added');
    return true;
  }
  const added = body.indexOf('dded new UE ');
  if (added >= 0) {
    // NSA and phy-test: "Added new UE 23eb with initial CellGroup", "Force-added new UE ..."
    created(ctx, hexAt(body, added + 12), null, 'UE added with its CellGroup');
    return true;
  }
  const addNr = body.indexOf('Add NR UE_id ');
  if (addNr >= 0) {
    const ueId = intAt(body, addNr + 13);
    const rnti = hexAfter(body, 'rnti ');
    if (ueId !== null && rnti !== null) ctx.rntiOfUeId.set(ueId, rnti);
    created(ctx, rnti, ueId === null ? null : String(ueId), 'UE added');
    return true;
  }
  if (body.startsWith('Remove NR rnti ')) {
    const rnti = hexAt(body, 15);
    // The TC-RNTI of a connected UE's random access goes: no UE is removed.
    if (rnti === null || !ctx.tempRntis.delete(rnti)) removed(ctx, rnti, null);
    return true;
  }
  const removing = body.indexOf('Removing UE ');
  if (removing >= 0 && body.includes('(rnti ')) {
    // eNB: "Removing UE 0 from Primary CC_id 0 (rnti 43eb)"
    const ueId = intAt(body, removing + 12);
    removed(ctx, hexAfter(body, '(rnti '), ueId === null ? null : String(ueId));
    return true;
  }
  return ulFailure(ctx, body);
}

/** PHY: "Added new UE_id 0/23eb with initial secondaryCellGroup". */
export function phyUeAdded(ctx: OaiContext, body: string): boolean {
  const at = body.indexOf('Added new UE_id ');
  if (at < 0) return false;
  const ueId = intAt(body, at + 16);
  const rnti = ueId === null || body.charCodeAt(scan.end) !== 47 ? null : hexAt(body, scan.end + 1);
  created(ctx, rnti, ueId === null ? null : String(ueId), 'UE added by PHY');
  return true;
}

/**
 * "UE 177b: ..." names the UE by its RNTI (printed %04x: four hex digits); older versions
 * put the MAC UE id there ("UE 0: ..."), whose RNTI an "Add NR UE_id" line may have given.
 */
function namedUe(
  ctx: OaiContext,
  body: string,
  at: number,
): { rnti: number | null; ue: string | null } {
  const end = body.indexOf(':', at);
  const token = end < 0 ? '' : body.slice(at, end);
  if (token.length === 4) return { rnti: hexAt(token, 0), ue: null };
  const ueId = intAt(token, 0);
  if (ueId === null) return { rnti: null, ue: null };
  return { rnti: ctx.rntiOfUeId.get(ueId) ?? null, ue: String(ueId) };
}

function created(ctx: OaiContext, rnti: number | null, ue: string | null, detail: string): void {
  if (rnti !== null && ctx.liveRntis.has(rnti)) return; // a twin line of the same creation
  if (rnti !== null) ctx.liveRntis.add(rnti);
  ctx.ueEvent('created', rnti, detail, ue);
}

function removed(ctx: OaiContext, rnti: number | null, ue: string | null): void {
  if (rnti !== null) {
    ctx.liveRntis.delete(rnti);
    ctx.ulFailureDtx.delete(`${rnti}:PUSCH`);
    ctx.ulFailureDtx.delete(`${rnti}:PUCCH`);
    ctx.ulFailureDtx.delete(`${rnti}:timer`);
  }
  ctx.ueEvent('removed', rnti, null, ue);
}

/**
 * UL failure lines repeat while the count goes on (DTX 10, 11, 12... or timer 1, 2...):
 * a line continuing the previous count of its UE belongs to the same failure.
 */
function ulFailure(ctx: OaiContext, body: string): boolean {
  let rnti: number | null;
  let ue: string | null = null;
  let count: number | null;
  let key: string;
  let detail: string;
  const detected = body.indexOf('Detected UL Failure on ');
  if (detected >= 0) {
    // "[1013.17 ]UE 177b: Detected UL Failure on PUSCH after 10 PUSCH DTX, stopping ..."
    if (frameSlotAt(body, 0)) ctx.clock.observe(frameSlot.frame, frameSlot.slot);
    const named = namedUe(ctx, body, body.indexOf('UE ') + 3);
    rnti = named.rnti;
    ue = named.ue;
    count = intAfter(body, ' after ', detected);
    const channel = body.startsWith('PUCCH', detected + 23) ? 'PUCCH' : 'PUSCH';
    key = `${rnti ?? 'ue' + ue}:${channel}`;
    detail = `${channel} DTX ${count}`;
  } else if (body.includes(': UL Failure timer ')) {
    // eNB: "UE 0 rnti 43eb: UL Failure timer 1"
    rnti = hexAfter(body, 'rnti ');
    const ueId = intAfter(body, 'UE ');
    ue = ueId === null ? null : String(ueId);
    count = intAfter(body, 'UL Failure timer ');
    key = `${rnti}:timer`;
    detail = 'UL failure timer';
  } else if (body.includes('UL Failure after repeated PDCCH orders')) {
    ctx.ueEvent('rlf', hexAfter(body, 'rnti '), 'UL failure after repeated PDCCH orders');
    return true;
  } else {
    return false;
  }

  const previous = ctx.ulFailureDtx.get(key);
  if (count !== null) ctx.ulFailureDtx.set(key, count);
  const continues = previous !== undefined && count !== null && count === previous + 1;
  if (!continues) ctx.ueEvent('ul-failure', rnti, detail, ue);
  return true;
}

/**
 * Cell start and stop markers, tagged or not: "TYPE <CTRL-C> TO TERMINATE" ends the start-up;
 * "** Caught SIGTERM, shutting down" (once per thread), "Exiting OAI softmodem: ..." and
 * "Assertion (...) failed!" end the run. Returns false if `body` is none of them.
 */
export function cellMarker(ctx: OaiContext, body: string): boolean {
  if (body.startsWith('TYPE <CTRL-C> TO TERMINATE')) {
    ctx.stopped = false;
    ctx.cellEvent('started', null);
    return true;
  }
  let detail: string | null = null;
  if (body.startsWith('** Caught SIGTERM')) detail = 'SIGTERM';
  else if (body.startsWith('Assertion (')) detail = body;
  else {
    const exiting = body.indexOf('Exiting OAI softmodem');
    if (exiting < 0) return false;
    detail = body.slice(exiting);
  }
  if (!ctx.stopped) ctx.cellEvent('stopped', detail);
  ctx.stopped = true;
  return true;
}
