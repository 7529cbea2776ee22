/**
 * The random-access procedure as srsUE runs it (TS 36.321 5.1), seen from its log. One
 * procedure is one attempt: it starts ("Starting PRACH by MAC order" or "by PDCCH
 * order"), sends a preamble, and each failed step (no RAR in the window, contention
 * resolution lost or timed out, Msg3 out of HARQ retransmissions) makes it send another
 * preamble, until "Random Access Complete" (ok) or "Maximum number of transmissions
 * reached" (failed). The preambles after the first are retries of the same attempt.
 */
import type { RaStep } from '../../../../src-shared/records.js';

export interface StepFailure {
  step: RaStep;
  cause: string;
}

export class UeRandomAccess {
  /** A procedure has sent its first preamble and is not decided yet. */
  private running = false;
  private lastFailure: StepFailure | null = null;

  /** A procedure starts: the next preamble is its first. */
  started(): void {
    this.running = false;
    this.lastFailure = null;
  }

  /**
   * True for the first preamble of a procedure, the attempt; false for a retry. A log
   * that starts inside a procedure (or a version that does not log its start) makes the
   * first preamble seen the attempt.
   */
  preamble(): boolean {
    if (this.running) return false;
    this.running = true;
    this.lastFailure = null;
    return true;
  }

  /** A step failed: the procedure goes on with another preamble. */
  stepFailed(f: StepFailure): void {
    this.lastFailure = f;
  }

  /**
   * The procedure gave up after its last preamble: it failed for the reason that one
   * did (srsUE logs nothing else about why).
   */
  gaveUp(): StepFailure {
    const f = this.lastFailure ?? { step: 'preamble', cause: 'max preamble transmissions' };
    this.ended();
    return f;
  }

  /** Completed, or abandoned by a MAC reset: the next preamble starts a new attempt. */
  ended(): void {
    this.running = false;
    this.lastFailure = null;
  }
}
