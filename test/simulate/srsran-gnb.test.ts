/**
 * The srsRAN gNB simulator: its truth is checked against the text it wrote, re-counted here
 * with simple regular expressions that know nothing of the writer's code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  simulate,
  type SimulationTruth,
  type SubjectTruth,
} from '../../src-main/simulate/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-gnb-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A scenario with two cells, UEs with poor radio, HARQ failures and failed random access. */
const SCENARIO = {
  format: 'srsran-gnb',
  ues: 6,
  badUes: 2,
  cells: 2,
  durationSec: 4,
  seed: 5,
  sessionMeanSec: 2,
} as const;

// --- Re-counting the text ---------------------------------------------------------------------

const HEADER =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}) \[([A-Z0-9-]+) *\] (?:\[([IDWE])\] )?(.*)$/;
const SLOT = /^\[ *(\d+)\.(\d)\] (.*)$/;

interface Counted {
  grants: number;
  retxGrants: number;
  bytes: number;
  newBytes: number;
  decodes: number;
  fails: number;
  firstDecodes: number;
  firstFails: number;
  discards: number;
}

function counted(): Counted {
  return {
    grants: 0,
    retxGrants: 0,
    bytes: 0,
    newBytes: 0,
    decodes: 0,
    fails: 0,
    firstDecodes: 0,
    firstFails: 0,
    discards: 0,
  };
}

interface UeCount {
  cell: string | null;
  dl: Counted;
  ul: Counted;
  dtx: number;
  msg3: number;
  phr: number;
  phrSum: number;
  bsr: number;
  bsrSum: number;
  cqi: number;
  conRes: number;
}

class Recount {
  readonly ues = new Map<string, UeCount>();
  preambles = 0;
  lines = 0;
  /** nrtx of the DL TB acknowledged in (rnti, slot) and of the PUSCH in (rnti, slot, h_id). */
  private readonly dlTbAt = new Map<string, number>();
  private readonly ulTbAt = new Map<string, number>();
  private blockSlot = -1;
  private blockCell: string | null = null;

  ue(rnti: string): UeCount {
    let u = this.ues.get(rnti);
    if (!u) {
      u = {
        cell: null,
        dl: counted(),
        ul: counted(),
        dtx: 0,
        msg3: 0,
        phr: 0,
        phrSum: 0,
        bsr: 0,
        bsrSum: 0,
        cqi: 0,
        conRes: 0,
      };
      this.ues.set(rnti, u);
    }
    return u;
  }

  /** Counts a debug-level file (the "- UE PDSCH" lines print nrtx). */
  read(lines: readonly string[]): this {
    for (const line of lines) {
      this.lines++;
      if (line.startsWith('- ')) this.detail(line);
      else this.message(line);
    }
    return this;
  }

  private grant(c: Counted, tbs: number, nrtx: number): void {
    c.grants++;
    c.bytes += tbs;
    if (nrtx > 0) c.retxGrants++;
    else c.newBytes += tbs;
  }

  private decode(c: Counted, ok: boolean, nrtx: number | undefined): void {
    c.decodes++;
    if (!ok) c.fails++;
    if (nrtx === 0) {
      c.firstDecodes++;
      if (!ok) c.firstFails++;
    }
  }

  private detail(line: string): void {
    let m = /^- UE PDSCH: .*c-rnti=(\w+) .* tbs=(\d+) .*nrtx=(\d) k1=(\d+)/.exec(line);
    if (m) {
      const u = this.ue(m[1]);
      u.cell = this.blockCell;
      this.grant(u.dl, Number(m[2]), Number(m[3]));
      this.dlTbAt.set(`${m[1]} ${this.blockSlot + Number(m[4])}`, Number(m[3]));
      return;
    }
    m = /^- UE PUSCH: ue=\d+ t?c-rnti=(\w+) h_id=(\d+) .* tbs=(\d+) rv=\d nrtx=(\d)/.exec(line);
    if (m) {
      const u = this.ue(m[1]);
      u.cell = this.blockCell;
      this.grant(u.ul, Number(m[3]), Number(m[4]));
      if (line.includes('tc-rnti=')) u.msg3++;
      this.ulTbAt.set(`${m[1]} ${this.blockSlot} ${m[2]}`, Number(m[4]));
    }
  }

  private message(line: string): void {
    const h = HEADER.exec(line);
    if (!h) return;
    const tag = h[2];
    const s = SLOT.exec(h[4]);
    const slot = s ? Number(s[1]) * 10 + Number(s[2]) : -1;
    const text = s ? s[3] : h[4];

    if (tag === 'SCHED') this.sched(text, slot);
    else if (tag.includes('PHY')) this.phy(text, slot);
    else if (tag === 'MAC') this.mac(text);
  }

  private sched(text: string, slot: number): void {
    const decision = /^Slot decisions cell=(\d+)/.exec(text);
    if (decision) {
      this.blockSlot = slot;
      this.blockCell = decision[1]!;
      return;
    }
    const discard = /^(DL|UL) HARQ rnti=(\w+) .*Discarding/.exec(text);
    if (discard) this.ue(discard[2])[discard[1] === 'DL' ? 'dl' : 'ul'].discards++;
  }

  private phy(text: string, slot: number): void {
    if (text.startsWith('PRACH:')) {
      this.preambles += (text.match(/\{idx=/g) ?? []).length;
      return;
    }
    const pusch = /^PUSCH: rnti=(\w+) h_id=(\d+) .*crc=(OK|KO)/.exec(text);
    if (pusch) {
      const nrtx = this.ulTbAt.get(`${pusch[1]} ${slot} ${pusch[2]}`);
      this.decode(this.ue(pusch[1]).ul, pusch[3] === 'OK', nrtx);
    }
    const rnti = /^PU[CS]CH: rnti=(\w+)/.exec(text)?.[1];
    const ack = / ack=(\d+)/.exec(text)?.[1];
    if (rnti && ack) {
      const u = this.ue(rnti);
      for (const bit of ack) {
        this.decode(u.dl, bit === '1', this.dlTbAt.get(`${rnti} ${slot}`));
        if (bit === '2') u.dtx++;
      }
    }
    const csi = /^PUCCH: rnti=(\w+) format=2 .*csi1=([01]{4})/.exec(text);
    if (csi) this.ue(csi[1]).cqi++;
  }

  private mac(text: string): void {
    const ul = /^UL rnti=(\w+) ue=\d+ subPDUs: \[(.*)\]$/.exec(text);
    if (ul) {
      const u = this.ue(ul[1]);
      for (const m of ul[2].matchAll(/(?:SBSR|LBSR): lcg=\d+ bs=(\d+)/g)) {
        u.bsr++;
        u.bsrSum += Number(m[1]);
      }
      for (const m of ul[2].matchAll(/SE_PHR: ph=\[(-?\d+)\.\./g)) {
        u.phr++;
        u.phrSum += Number(m[1]);
      }
    }
    const conRes = /^DL PDU: ue=\d+ rnti=(\w+) size=\d+: CON_RES/.exec(text);
    if (conRes) this.ue(conRes[1]).conRes++;
  }
}

function hex(rnti: number | null): string {
  return '0x' + (rnti ?? 0).toString(16);
}

function textLines(path: string): string[] {
  const lines = readFileSync(path, 'latin1').split('\n');
  expect(lines.pop()).toBe('');
  return lines;
}

function expectedCounts(t: SubjectTruth['dl']): Counted {
  const { grants, retxGrants, bytes, newBytes, decodes, fails, firstDecodes, firstFails } = t;
  return {
    grants,
    retxGrants,
    bytes,
    newBytes,
    decodes,
    fails,
    firstDecodes,
    firstFails,
    discards: t.discards,
  };
}

// --- Tests --------------------------------------------------------------------------------------

describe('srsran-gnb simulation at debug level', () => {
  let truth: SimulationTruth;
  let lines: string[];
  let recount: Recount;

  beforeAll(async () => {
    const out = join(dir, 'debug.log');
    truth = await simulate({ ...SCENARIO, out, level: 'debug' });
    lines = textLines(out);
    recount = new Recount().read(lines);
  });

  it('exercises what the tests check: retransmissions, discards, DTX, failed access', () => {
    const [a, b] = truth.cells;
    expect(truth.cells).toHaveLength(2);
    expect(a.dl.retxGrants + b.dl.retxGrants).toBeGreaterThan(100);
    expect(a.ul.discards + b.ul.discards).toBeGreaterThan(5);
    expect(a.dl.discards + b.dl.discards).toBeGreaterThan(5);
    expect(a.dlDtx + b.dlDtx).toBeGreaterThan(10);
    expect(a.raFail + b.raFail).toBeGreaterThan(0);
    expect(truth.ues.filter((u) => u.bad).length).toBeGreaterThan(2);
  });

  it('counts lines and bytes as written', () => {
    expect(truth.linesWritten).toBe(lines.length);
    expect(truth.bytesWritten).toBe(readFileSync(join(dir, 'debug.log')).length);
    expect(truth.textBytes).toBe(truth.bytesWritten);
  });

  it('writes only srsRAN-shaped lines, in time order', () => {
    const wrong: string[] = [];
    let last = '';
    let inDump = false;
    for (const line of lines) {
      const h = HEADER.exec(line);
      if (h) {
        if (h[1] < last) wrong.push(`back in time: ${line}`);
        last = h[1]!;
        inDump = h[4].endsWith('{');
        continue;
      }
      // Untimestamped: scheduler detail lines, or the JSON of a dump opened above.
      const ok = line.startsWith('- ') || (inDump && /^\s*["{}\]\d]/.test(line));
      if (!ok) wrong.push(line);
    }
    expect(wrong).toEqual([]);
  });

  it('grants, HARQ outcomes and discards re-counted per UE match the truth', () => {
    for (const ue of truth.ues) {
      const got = recount.ue(hex(ue.rnti));
      expect(got.cell, hex(ue.rnti)).toBe(ue.cell);
      expect(got.dl, `DL of ${hex(ue.rnti)}`).toEqual(expectedCounts(ue.dl));
      expect(got.ul, `UL of ${hex(ue.rnti)}`).toEqual(expectedCounts(ue.ul));
      expect(got.dtx).toBe(ue.dlDtx);
      expect(got.msg3).toBe(ue.msg3Grants);
    }
    expect(recount.ues.size).toBe(truth.ues.length);
  });

  it('BSR, PHR and CQI reports re-counted per UE match the truth', () => {
    for (const ue of truth.ues) {
      const got = recount.ue(hex(ue.rnti));
      expect([got.bsr, got.bsrSum], hex(ue.rnti)).toEqual([ue.bsrReports, ue.bsrSum]);
      expect([got.phr, got.phrSum], hex(ue.rnti)).toEqual([ue.phrReports, ue.phrSum]);
      expect(got.cqi).toBe(ue.cqiReports);
    }
  });

  it('random access: one attempt per preamble, Msg4 for each success', () => {
    const attempts = truth.cells.reduce((n, c) => n + c.raAttempts, 0);
    const ok = truth.cells.reduce((n, c) => n + c.raOk, 0);
    const failed = truth.cells.reduce((n, c) => n + c.raFail, 0);
    expect(recount.preambles).toBe(attempts);
    // Every success sent a contention resolution; a failed Msg3 never got one.
    const conRes = [...recount.ues.values()].reduce((n, u) => n + u.conRes, 0);
    expect(conRes).toBeGreaterThanOrEqual(ok);
    expect(attempts).toBeGreaterThanOrEqual(ok + failed);
    for (const ue of truth.ues.filter((u) => u.raFail > 0 && u.ue === null)) {
      expect(recount.ue(hex(ue.rnti)).ul.discards).toBe(1);
    }
  });

  it('cell truth sums the UEs of the cell', () => {
    for (const cell of truth.cells) {
      const mine = truth.ues.filter((u) => u.cell === cell.cell);
      expect(cell.dl.grants).toBe(mine.reduce((n, u) => n + u.dl.grants, 0));
      expect(cell.ul.fails).toBe(mine.reduce((n, u) => n + u.ul.fails, 0));
      expect(cell.raAttempts).toBe(mine.reduce((n, u) => n + u.raAttempts, 0));
    }
  });

  it('a debug slot decision is a header and "- " detail lines with MCS in the DCI', () => {
    const header = lines.findIndex((l) =>
      / \[SCHED {3}\] \[D\] .*Slot decisions .*PDSCH.*:$/.test(l),
    );
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^- (DL PDCCH|UL PDCCH|RAR PDSCH|UE PDSCH|UE PUSCH|PUCCH): /);
    expect(lines.some((l) => /^- UL PDCCH: rnti=0x\w+ type=c-rnti .* mcs=\d+/.test(l))).toBe(true);
    expect(lines.some((l) => /^- UE PDSCH: .* mcs=\d+ rv=\d nrtx=\d k1=4/.test(l))).toBe(true);
  });
});

describe('srsran-gnb simulation at info level', () => {
  let truth: SimulationTruth;
  let lines: string[];

  beforeAll(async () => {
    const out = join(dir, 'info.log');
    truth = await simulate({ ...SCENARIO, out, level: 'info' });
    lines = textLines(out);
  });

  it('lists grants on one line per slot, re-counted per UE as in the truth', () => {
    const dl = new Map<string, [number, number]>();
    const ul = new Map<string, [number, number]>();
    for (const line of lines) {
      if (!line.includes('Slot decisions')) continue;
      expect(line).toMatch(
        /\[I\] \[ *\d+\.\d\] Slot decisions cell=\d t=\d+us \(\d+ PDSCHs?, \d+ PUSCHs?\): /,
      );
      for (const m of line.matchAll(/DL: ue=\d+ c-rnti=(\w+) rb=\[\d+\.\.\d+\) .*?tbs=(\d+)/g)) {
        const [n, b] = dl.get(m[1]) ?? [0, 0];
        dl.set(m[1], [n + 1, b + Number(m[2])]);
      }
      for (const m of line.matchAll(
        /UL: ue=\d+ rnti=(\w+) h_id=\d+ .*?tbs=(\d+) (?:k2|msg3_delay)=/g,
      )) {
        const [n, b] = ul.get(m[1]) ?? [0, 0];
        ul.set(m[1], [n + 1, b + Number(m[2])]);
      }
    }
    for (const ue of truth.ues) {
      expect(dl.get(hex(ue.rnti)) ?? [0, 0], hex(ue.rnti)).toEqual([ue.dl.grants, ue.dl.bytes]);
      expect(ul.get(hex(ue.rnti)) ?? [0, 0], hex(ue.rnti)).toEqual([ue.ul.grants, ue.ul.bytes]);
    }
  });

  it('has no debug lines', () => {
    expect(lines.some((l) => l.startsWith('- ') || l.includes('] [D] '))).toBe(false);
  });

  it('describes the same traffic as the debug run of the same seed', async () => {
    const debug = await simulate({
      ...SCENARIO,
      out: join(dir, 'debug-again.log'),
      level: 'debug',
    });
    expect(debug.ues).toEqual(truth.ues);
  });

  it('metrics lines report what the lines of their period show', () => {
    // Per rnti since its last metrics line: HARQ-ACK bits and PUSCH CRCs of the UE (its Msg3
    // excluded: the UE does not exist yet when that is decoded).
    const since = new Map<string, { ack: number; nack: number; ok: number; ko: number }>();
    const of = (rnti: string) => {
      let c = since.get(rnti);
      if (!c) since.set(rnti, (c = { ack: 0, nack: 0, ok: 0, ko: 0 }));
      return c;
    };
    const created = new Set<string>();
    let reports = 0;

    for (const line of lines) {
      const made = /proc="UE Create": Procedure finished/.test(line) && /rnti=(\w+)/.exec(line);
      if (made) created.add(made[1]);
      const ack = /PU[CS]CH: rnti=(\w+) .* ack=(\d+)/.exec(line);
      if (ack) for (const bit of ack[2]) of(ack[1])[bit === '1' ? 'ack' : 'nack']++;
      const crc = /PUSCH: rnti=(\w+) .*crc=(OK|KO)/.exec(line);
      if (crc && created.has(crc[1])) of(crc[1])[crc[2] === 'OK' ? 'ok' : 'ko']++;

      const m = /Scheduler UE ue=\d+ pci=\d+ rnti=(\w+) metrics: (.*)$/.exec(line);
      if (!m) continue;
      reports++;
      const c = of(m[1]);
      const value = (key: string) => Number(new RegExp(` ${key}=(\\d+)`).exec(m[2])?.[1]);
      const reported = ['dl_nof_ok', 'dl_nof_nok', 'ul_nof_ok', 'ul_nof_nok'].map(value);
      expect(reported, line).toEqual([c.ack, c.nack, c.ok, c.ko]);
      since.delete(m[1]);
    }
    expect(reports).toBeGreaterThan(5);
  });
});

describe('srsran-gnb output files', () => {
  it('same seed, same bytes; another seed, other bytes', async () => {
    const opts = { format: 'srsran-gnb', ues: 3, durationSec: 2, level: 'debug' } as const;
    await simulate({ ...opts, seed: 9, out: join(dir, 'a.log') });
    await simulate({ ...opts, seed: 9, out: join(dir, 'b.log') });
    await simulate({ ...opts, seed: 10, out: join(dir, 'c.log') });
    const a = readFileSync(join(dir, 'a.log'));
    expect(a.equals(readFileSync(join(dir, 'b.log')))).toBe(true);
    expect(a.equals(readFileSync(join(dir, 'c.log')))).toBe(false);
  });

  it('reaches a size target within 5%', async () => {
    const out = join(dir, 'sized.log');
    const truth = await simulate({ format: 'srsran-gnb', out, targetBytes: 3e6, seed: 2 });
    const size = readFileSync(out).length;
    expect(truth.bytesWritten).toBe(size);
    expect(Math.abs(size - 3e6) / 3e6).toBeLessThan(0.05);
  });

  it('writes gzip when the name ends in .gz: the same text, compressed to the target', async () => {
    const { gunzipSync } = await import('node:zlib');
    const opts = { format: 'srsran-gnb', ues: 3, durationSec: 2, seed: 4 } as const;
    await simulate({ ...opts, out: join(dir, 'plain.log') });
    const gz = await simulate({ ...opts, out: join(dir, 'plain.log.gz') });
    const packed = readFileSync(join(dir, 'plain.log.gz'));
    expect(gz.bytesWritten).toBe(packed.length);
    expect(gunzipSync(packed).equals(readFileSync(join(dir, 'plain.log')))).toBe(true);
    expect(gz.textBytes).toBe(readFileSync(join(dir, 'plain.log')).length);

    const sized = await simulate({ ...opts, out: join(dir, 'sized.log.gz'), targetBytes: 400e3 });
    expect(Math.abs(sized.bytesWritten - 400e3) / 400e3).toBeLessThan(0.05);
    expect(readFileSync(join(dir, 'sized.log.gz')).length).toBe(sized.bytesWritten);
  });

  it('rejects bad options by name, and reports an unwritable path', async () => {
    const out = join(dir, 'x.log');
    await expect(simulate({ format: 'srsran-gnb', out, ues: 0 })).rejects.toThrow(/ues/);
    await expect(simulate({ format: 'srsran-gnb', out, ues: 2, badUes: 3 })).rejects.toThrow(
      /badUes/,
    );
    await expect(simulate({ format: 'nope' as 'srsran-gnb', out })).rejects.toThrow(/format/);
    const missing = join(dir, 'no-such-dir', 'x.log');
    await expect(simulate({ format: 'srsran-gnb', out: missing })).rejects.toThrow(/ENOENT/);
  });
});
