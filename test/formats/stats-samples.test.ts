/** Which statistics values are MCS samples, by what the same period says was sent. */
import { describe, expect, it } from 'vitest';
import { dropIdleMcs } from '../../src-main/engine/formats/stats-samples.js';

describe('dropIdleMcs', () => {
  it('drops the MCS of a direction with rate 0 and no ok/nok, per direction', () => {
    expect(
      dropIdleMcs({ dl_mcs: 0, dl_brate_bps: 0, dl_ok: 0, ul_mcs: 22, ul_brate_bps: 12900 }),
    ).toEqual({ dl_mcs: null, dl_brate_bps: 0, dl_ok: 0, ul_mcs: 22, ul_brate_bps: 12900 });
  });

  it('keeps an MCS when the period shows any transmission, failed ones too', () => {
    expect(dropIdleMcs({ dl_mcs: 3, dl_brate_bps: 0, dl_ok: 0, dl_nok: 2 }).dl_mcs).toBe(3);
    expect(dropIdleMcs({ ul_mcs: 27, ul_brate_bps: 4.2e6 }).ul_mcs).toBe(27);
  });

  it('keeps an MCS when nothing tells whether anything was sent', () => {
    expect(dropIdleMcs({ dl_mcs: 0, dl_brate_bps: null }).dl_mcs).toBe(0);
    expect(dropIdleMcs({ ul_mcs: 0 }).ul_mcs).toBe(0);
  });
});
