/**
 * One UE per UE: a log that names UEs only by RNTI, and names the cell on some lines only
 * (srsRAN 4G), must not split a UE into a cell-less copy and the real one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 1 });
afterAll(() => engine.close());

it('gives each C-RNTI of an srsRAN 4G eNB log one UE, in the cell it was served in', async () => {
  const path = samplePath('srsran4g-enb-21.10.log');
  // The UEs' C-RNTIs as the text names them; 0x2 is the RA-RNTI of the PRACH lines.
  const rntis = new Set(
    [...readFileSync(path, 'utf8').matchAll(/rnti=0x([0-9a-f]+)/gi)]
      .map((m) => parseInt(m[1], 16))
      .filter((r) => r !== 0x2),
  );
  const result = await engine.parse(path);

  expect(result.ues.map((u) => u.life.rntis).sort()).toEqual([...rntis].sort().map((r) => [r]));
  expect(new Set(result.ues.map((u) => u.cell))).toEqual(new Set(['0']));
  expect(result.cells.map((c) => c.cell)).toEqual(['0']);
});

it('gives each connection of a reused srsRAN DU UE index a UE of its own', async () => {
  // UE index 0 attaches as 0x4601, is deleted, and the next UE gets index 0 again as 0x4602.
  const path = samplePath('srsran-gnb-nr.log');
  const text = readFileSync(path, 'utf8');
  const grantLines = (rnti: string) =>
    text.split('\n').filter((l) => new RegExp(`P[DU]SCH: rnti=${rnti} `).test(l)).length;

  const result = await engine.parse(path, { ranges: 3 });

  expect(result.ues.map((u) => [u.ue, u.life.rntis])).toEqual([
    ['0', [0x4601]],
    ['0#2', [0x4602]],
  ]);
  for (const [ue, rnti] of [
    ['0', '0x4601'],
    ['0#2', '0x4602'],
  ]) {
    const summary = result.ues.find((u) => u.ue === ue)!;
    expect(summary.counters.dlGrants + summary.counters.ulGrants).toBe(grantLines(rnti));
    expect([summary.life.created, summary.life.removed]).toEqual([1, 1]);
  }
});

it('lists UEs named by RNTI in the order of their RNTIs', async () => {
  for (const name of ['srslte-enb-debug.log', 'srsran4g-enb-21.10.log']) {
    const result = await engine.parse(samplePath(name));
    const rntis = result.ues.map((u) => u.life.rntis[0]);

    expect(result.ues.every((u) => u.ue?.startsWith('rnti 0x'))).toBe(true);
    expect(rntis.length).toBeGreaterThan(3);
    expect(rntis).toEqual([...rntis].sort((a, b) => a - b));
  }
});

it('lists the connections of a reused UE id in the order they began', async () => {
  // Every UE of this OAI gNB log is CU-UE-ID 1, one after another: 19 connections.
  const result = await engine.parse(samplePath('oai-gnb-nr-ra-stats.log'));
  const names = result.ues.map((u) => u.ue);
  expect(names).toEqual(['1', ...Array.from({ length: 18 }, (_, i) => `1#${i + 2}`)]);
});
