/**
 * The shipments table: one ingest shipped to one Loki, with its cursor (see migration 2).
 *
 * A shipment goes running -> done | failed | cancelled; a failed or cancelled one, or one
 * left running by a process that died, is resumed from its cursor by the next `start()`.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ShipmentInfo, ShipmentState } from '../../src-shared/ingest.js';
import type { KpiCounters } from '../../src-shared/kpis.js';
import { COUNTER_COLUMNS, countersFromValues } from './counters.js';
import { processIsAlive } from './jobs.js';

// The shipment's shape is part of the UI's contract, so it lives in src-shared.
export { SHIPMENT_STATES, type ShipmentInfo, type ShipmentState } from '../../src-shared/ingest.js';

/** What one answered batch adds. */
export interface ShipmentStep {
  entries: number;
  accepted: number;
  rejectedByReason: Record<string, number>;
  requests: number;
}

interface ShipmentRow {
  id: number;
  ingest_id: number;
  target: string;
  state: ShipmentState;
  entries_total: number;
  entries_done: number;
  accepted: number;
  rejected: number;
  rejected_by_reason: string;
  requests: number;
  error: string | null;
  owner_pid: number | null;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

function toInfo(row: ShipmentRow): ShipmentInfo {
  return {
    id: row.id,
    ingestId: row.ingest_id,
    target: row.target,
    state: row.state,
    entriesTotal: row.entries_total,
    entriesDone: row.entries_done,
    accepted: row.accepted,
    rejected: row.rejected,
    rejectedByReason: JSON.parse(row.rejected_by_reason) as Record<string, number>,
    requests: row.requests,
    error: row.error,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** One second of one UE or cell, as the shipper reads them: in time order across subjects. */
export interface SubjectSecond {
  cell: string | null;
  ue: string | null;
  t: number;
  counters: KpiCounters;
}

/** Where a page of seconds ends: its last second's time and series. */
export interface SecondsCursor {
  t: number;
  seriesId: number;
}

export class ShipmentRepo {
  private readonly byTarget: Statement<[number, string], ShipmentRow>;
  private readonly byId: Statement<[number], ShipmentRow>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.byTarget = db.prepare('SELECT * FROM shipments WHERE ingest_id = ? AND target = ?');
    this.byId = db.prepare('SELECT * FROM shipments WHERE id = ?');
  }

  /**
   * Starts shipping an ingest to `target`, or resumes the shipment there from its cursor.
   * A finished one is returned as it is, unless `again` starts it over from the beginning.
   * Throws when another live process is shipping it.
   */
  start(ingestId: number, target: string, total: number, again: boolean): ShipmentInfo {
    const begin = this.db.transaction(() => {
      const now = this.now().toISOString();
      const row = this.byTarget.get(ingestId, target);
      if (!row) {
        this.db
          .prepare(
            `INSERT INTO shipments (ingest_id, target, state, entries_total, owner_pid,
               started_at, updated_at) VALUES (?, ?, 'running', ?, ?, ?, ?)`,
          )
          .run(ingestId, target, total, process.pid, now, now);
        return this.byTarget.get(ingestId, target)!;
      }
      if (row.state === 'running' && row.owner_pid !== null && processIsAlive(row.owner_pid)) {
        throw new Error(
          `import ${ingestId} is being shipped to ${target} by process ${row.owner_pid}`,
        );
      }
      if (row.state === 'done' && !again) return row;

      const reset = again
        ? `, entries_done = 0, accepted = 0, rejected = 0, rejected_by_reason = '{}',
             requests = 0, started_at = @now`
        : '';
      this.db
        .prepare(
          `UPDATE shipments SET state = 'running', error = NULL, finished_at = NULL,
             owner_pid = @pid, entries_total = @total, updated_at = @now${reset}
           WHERE id = @id`,
        )
        .run({ pid: process.pid, total, now, id: row.id });
      return this.byId.get(row.id)!;
    });
    return toInfo(begin.immediate());
  }

  /** Moves the cursor past one answered batch, with its counts, in one transaction. */
  advance(id: number, step: ShipmentStep): ShipmentInfo {
    const update = this.db.transaction(() => {
      const row = this.byId.get(id);
      if (!row) throw new Error(`no shipment ${id}`);
      const reasons = JSON.parse(row.rejected_by_reason) as Record<string, number>;
      let rejected = 0;
      for (const [reason, n] of Object.entries(step.rejectedByReason)) {
        reasons[reason] = (reasons[reason] ?? 0) + n;
        rejected += n;
      }
      this.db
        .prepare(
          `UPDATE shipments SET entries_done = entries_done + ?, accepted = accepted + ?,
             rejected = rejected + ?, rejected_by_reason = ?, requests = requests + ?,
             updated_at = ? WHERE id = ?`,
        )
        .run(
          step.entries,
          step.accepted,
          rejected,
          JSON.stringify(reasons),
          step.requests,
          this.now().toISOString(),
          id,
        );
      return this.byId.get(id)!;
    });
    return toInfo(update.immediate());
  }

  finish(id: number, state: Exclude<ShipmentState, 'running'>, error: string | null): ShipmentInfo {
    const now = this.now().toISOString();
    this.db
      .prepare(
        `UPDATE shipments SET state = ?, error = ?, finished_at = ?, updated_at = ?,
           owner_pid = NULL WHERE id = ?`,
      )
      .run(state, error, now, now, id);
    return toInfo(this.byId.get(id)!);
  }

  /**
   * Leaves a running shipment to whoever starts it next (its owner stops cleanly): still
   * running, owned by nobody, so `interrupted()` finds it.
   */
  release(id: number): ShipmentInfo {
    this.db
      .prepare(`UPDATE shipments SET owner_pid = NULL, updated_at = ? WHERE id = ?`)
      .run(this.now().toISOString(), id);
    return toInfo(this.byId.get(id)!);
  }

  get(id: number): ShipmentInfo | null {
    const row = this.byId.get(id);
    return row ? toInfo(row) : null;
  }

  /** Shipments of one ingest, or all, newest first. */
  list(ingestId?: number): ShipmentInfo[] {
    const rows =
      ingestId === undefined
        ? this.db.prepare<[], ShipmentRow>('SELECT * FROM shipments ORDER BY id DESC').all()
        : this.db
            .prepare<[number], ShipmentRow>(
              'SELECT * FROM shipments WHERE ingest_id = ? ORDER BY id DESC',
            )
            .all(ingestId);
    return rows.map(toInfo);
  }

  /** Shipments a dead process left running: they resume at the next `start()`. */
  interrupted(): ShipmentInfo[] {
    return this.db
      .prepare<[], ShipmentRow>("SELECT * FROM shipments WHERE state = 'running'")
      .all()
      .filter(
        (r) =>
          r.owner_pid !== process.pid && (r.owner_pid === null || !processIsAlive(r.owner_pid)),
      )
      .map(toInfo);
  }

  /**
   * One page of the seconds of every UE and cell of an ingest, in time order then by
   * subject, starting after `after` (a page's `next`). Paged rather than iterated: the
   * connection must stay free for the cursor updates made between pages.
   */
  secondsPage(
    ingestId: number,
    after: SecondsCursor | null,
    limit: number,
  ): { seconds: SubjectSecond[]; next: SecondsCursor | null } {
    const from = after ?? { t: -Infinity, seriesId: -1 };
    const rows = this.db
      .prepare<[number, number, number, number, number], unknown[]>(
        `SELECT s.id, s.cell, s.ue, ss.t, ${COUNTER_COLUMNS.map((c) => `ss.${c}`).join(', ')}
         FROM series_seconds ss JOIN series s ON s.id = ss.series_id
         WHERE s.ingest_id = ? AND (ss.t > ? OR (ss.t = ? AND s.id > ?))
         ORDER BY ss.t, s.id LIMIT ?`,
      )
      .raw()
      .all(ingestId, from.t, from.t, from.seriesId, limit);
    const seconds = rows.map((row) => ({
      cell: row[1] as string | null,
      ue: row[2] as string | null,
      t: row[3] as number,
      counters: countersFromValues(row, 4),
    }));
    const last = rows[rows.length - 1];
    const next =
      rows.length < limit || !last ? null : { t: last[3] as number, seriesId: last[0] as number };
    return { seconds, next };
  }

  /** How many seconds `seconds()` yields. */
  countSeconds(ingestId: number): number {
    return this.db
      .prepare<[number], { n: number }>(
        `SELECT count(*) AS n FROM series_seconds ss JOIN series s ON s.id = ss.series_id
         WHERE s.ingest_id = ?`,
      )
      .get(ingestId)!.n;
  }
}
