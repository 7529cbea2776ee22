/**
 * The flag and marks the UI's tables show, decided as the CLI's tables decide them: the
 * counts below are the rules' thresholds worked out by hand (50 samples, 10 power headroom
 * reports, 2 finished random accesses).
 */
import { describe, expect, it } from 'vitest';
import { emptyCounters, type KpiCounters } from '../../src-shared/kpis.js';
import { flag } from '../../src-renderer/src/subject-kpis.js';
import { ueWith } from './ues.js';

const withCounters = (c: Partial<KpiCounters>, rule: string | null = null) =>
  ueWith('0', 0x4601, { ...emptyCounters(), ...c }, rule);

describe('flag', () => {
  it('is - for a UE with nothing any rule could judge', () => {
    expect(flag(withCounters({}))).toBe('-');
  });

  it('judges power headroom from 10 reports, not 9', () => {
    expect(flag(withCounters({ phrSum: 45, phrN: 9, phrMin: 5 }))).toBe('-');
    expect(flag(withCounters({ phrSum: 50, phrN: 10, phrMin: 5 }))).toBe('ok');
  });

  it('judges random access from 2 finished attempts, not 1', () => {
    expect(flag(withCounters({ raAttempts: 1, raFail: 1 }))).toBe('-');
    // 1 of 2 failed: 50 %, not above the 50 % the rule allows.
    expect(flag(withCounters({ raAttempts: 2, raOk: 1, raFail: 1 }))).toBe('ok');
  });

  it('judges the initial BLER from 50 first transmissions', () => {
    const first = (n: number) => ({ dlDecodes: n, dlFirstDecodes: n, dlFirstFails: 5 });
    expect(flag(withCounters(first(49)))).toBe('-');
    expect(flag(withCounters(first(50)))).toBe('ok');
  });

  it('is BAD whenever a rule fired', () => {
    expect(flag(withCounters({}, 'mean PHR -8.1 dB < 0 dB (power limited, 12 reports)'))).toBe(
      'BAD',
    );
  });
});
