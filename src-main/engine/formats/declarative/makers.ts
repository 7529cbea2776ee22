/**
 * One function per record kind that builds the record from an array of field values.
 *
 * Why not copy a template object and set fields by name? Because records are built for
 * nearly every line of files of gigabytes, and an object literal with a fixed shape is
 * about five times faster to make than a copy filled through computed keys.
 *
 * The array holds the fields in the order of `fieldsOf(kind)` in fields.ts: cell, ue, rnti,
 * then the kind's own fields in the order they are listed there. A test checks that every
 * maker reads each slot into the field of that name.
 */
import type {
  CellEventRecord,
  Direction,
  MacRecord,
  RaRecord,
  RaStep,
  RecordKind,
  StatsRecord,
  UeEventRecord,
} from '../../../../src-shared/records.js';
import type { FieldValue } from './fields.js';

type Slots = readonly FieldValue[];

export type Maker = (
  v: Slots,
  tSec: number,
  tNsec: number,
  line: number,
  values: Record<string, number | null> | null,
) => MacRecord;

// Casts from the slot type to each field's type. The validator has checked every value a
// definition can put in a slot against the field, so these only restate what holds.
const str = (x: FieldValue) => x as string | null;
const num = (x: FieldValue) => x as number | null;
const dir = (x: FieldValue) => x as Direction;

export const MAKERS: Readonly<Record<RecordKind, Maker>> = {
  grant: (v, tSec, tNsec, line) => ({
    kind: 'grant',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    dir: dir(v[3]),
    harqId: num(v[4]),
    rv: num(v[5]),
    retx: num(v[6]),
    mcs: num(v[7]),
    prbStart: num(v[8]),
    prbCount: num(v[9]),
    tbs: num(v[10]),
    k: num(v[11]),
    msg3: v[12] === true,
  }),
  decode: (v, tSec, tNsec, line) => ({
    kind: 'decode',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    dir: dir(v[3]),
    ok: v[4] === true,
    harqId: num(v[5]),
    retx: num(v[6]),
    rv: num(v[7]),
    tbs: num(v[8]),
    mcs: num(v[9]),
    sinrDb: num(v[10]),
  }),
  harq: (v, tSec, tNsec, line) => ({
    kind: 'harq',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    dir: dir(v[3]),
    event: v[4] as 'retx' | 'discard',
    harqId: num(v[5]),
    retx: num(v[6]),
    tbs: num(v[7]),
  }),
  bsr: (v, tSec, tNsec, line) => ({
    kind: 'bsr',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    type: v[3] as 'short' | 'long' | 'truncated' | 'other',
    lcg: num(v[4]),
    bytes: v[5] as number,
  }),
  phr: (v, tSec, tNsec, line) => ({
    kind: 'phr',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    phDb: v[3] as number,
    pcmaxDbm: num(v[4]),
  }),
  csi: (v, tSec, tNsec, line) => ({
    kind: 'csi',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    cqi: num(v[3]),
    ri: num(v[4]),
    pmi: num(v[5]),
  }),
  ra: (v, tSec, tNsec, line) => ({
    kind: 'ra',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    step: v[3] as RaStep,
    outcome: v[4] as RaRecord['outcome'],
    cause: str(v[5]),
    preamble: num(v[6]),
    ta: num(v[7]),
  }),
  ue: (v, tSec, tNsec, line) => ({
    kind: 'ue',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    event: v[3] as UeEventRecord['event'],
    detail: str(v[4]),
    oldRnti: num(v[5]),
  }),
  cell: (v, tSec, tNsec, line) => ({
    kind: 'cell',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    event: v[3] as CellEventRecord['event'],
    detail: str(v[4]),
  }),
  stats: (v, tSec, tNsec, line, values) => ({
    kind: 'stats',
    tSec,
    tNsec,
    line,
    cell: str(v[0]),
    ue: str(v[1]),
    rnti: num(v[2]),
    scope: v[3] as StatsRecord['scope'],
    source: v[4] as string,
    periodSec: num(v[5]),
    values: values ?? {},
  }),
};
