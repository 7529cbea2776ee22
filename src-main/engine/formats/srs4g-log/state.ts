/**
 * What a parser remembers between lines: transport blocks in flight, open random-access
 * attempts (the eNB's, or the UE's own procedure), and which RNTIs are alive (the scheduler logs "Added user" again when the
 * RRC reconfigures a UE, which is not a new UE).
 */
import type { RecordSink } from '../types.js';
import { ueEvent, type LineCtx } from './build.js';
import { EnbRandomAccess } from './enb-ra.js';
import { HarqTracker } from './harq.js';
import { UeRandomAccess } from './ue-ra.js';

export class UeLives {
  private readonly alive = new Map<number, boolean>();

  created(at: LineCtx, out: RecordSink, rnti: number): boolean {
    if (this.alive.get(rnti) === true) return false;
    this.alive.set(rnti, true);
    out.push(ueEvent(at, rnti, 'created', null));
    return true;
  }

  removed(at: LineCtx, out: RecordSink, rnti: number): boolean {
    if (this.alive.get(rnti) === false) return false;
    this.alive.set(rnti, false);
    out.push(ueEvent(at, rnti, 'removed', null));
    return true;
  }
}

export class ParserState {
  readonly ra = new EnbRandomAccess();
  readonly harq = new HarqTracker(this.ra);
  readonly ues = new UeLives();
  /** srsUE logs: the UE's own random-access procedure. */
  readonly ueRa = new UeRandomAccess();
}
