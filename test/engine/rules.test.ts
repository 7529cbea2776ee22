/**
 * The malperforming rules: every rule that fires is reported, in the order they are
 * checked, with the value and the threshold; a UE with too few samples is not judged.
 */
import { describe, expect, it } from 'vitest';
import { deriveKpis, emptyCounters, type KpiCounters } from '../../src-shared/kpis.js';
import {
  DEFAULT_THRESHOLDS,
  malperformingRule,
  judge as judgeWith,
  malperformingRules,
  parseThresholds,
} from '../../src-main/engine/kpi/rules.js';

function judge(counters: Partial<KpiCounters>): string[] {
  const c = { ...emptyCounters(), ...counters };
  return malperformingRules(deriveKpis(c, 10), c, DEFAULT_THRESHOLDS);
}

describe('malperformingRules', () => {
  it('reports a high UL initial BLER and a low PHR together', () => {
    // 40 of 200 first UL decodes failed: 20.0% > 15.0%. PHR -30 over 20 reports: -1.5 dB.
    const rules = judge({
      ulGrants: 200,
      ulDecodes: 200,
      ulFirstDecodes: 200,
      ulFirstFails: 40,
      phrSum: -30,
      phrN: 20,
      phrMin: -4,
    });
    expect(rules).toEqual([
      'UL initial BLER 20.0% > 15.0% (200 first transmissions)',
      'mean PHR -1.5 dB < 0 dB (power limited, 20 reports)',
    ]);
  });

  it('joins them into the one rule text a summary keeps', () => {
    const c = {
      ...emptyCounters(),
      dlGrants: 100,
      dlDecodes: 100,
      dlFirstDecodes: 100,
      dlFirstFails: 30,
      dlMcsSum: 200,
      dlMcsN: 100,
    };
    expect(malperformingRule(deriveKpis(c, 10), c, DEFAULT_THRESHOLDS)).toBe(
      'DL initial BLER 30.0% > 15.0% (100 first transmissions); DL mean MCS 2.0 < 5 (100 MCS samples)',
    );
  });

  it('judges nobody on too few samples, and a healthy UE not at all', () => {
    expect(judge({ dlDecodes: 10, dlFirstDecodes: 10, dlFirstFails: 9 })).toEqual([]);
    expect(judge({ dlGrants: 500, dlDecodes: 500, dlFirstDecodes: 500, dlFirstFails: 40 })).toEqual(
      [],
    );
    const c = emptyCounters();
    expect(malperformingRule(deriveKpis(c, 10), c, DEFAULT_THRESHOLDS)).toBeNull();
  });

  it('says whether any rule had enough samples to judge', () => {
    const judged = (counters: Partial<KpiCounters>) => {
      const c = { ...emptyCounters(), ...counters };
      return judgeWith(deriveKpis(c, 10), c, DEFAULT_THRESHOLDS).judged;
    };
    expect(judged({ dlDecodes: 10, dlFirstDecodes: 10, dlFirstFails: 9 })).toBe(false);
    expect(judged({ dlDecodes: 50, dlFirstDecodes: 50, dlFirstFails: 1 })).toBe(true);
    // One random access, failed: a second attempt is needed to judge.
    expect(judged({ raFail: 1 })).toBe(false);
    expect(judged({ raOk: 1, raFail: 1 })).toBe(true);
    // Power headroom: 10 reports judge it, 9 do not.
    expect(judged({ phrSum: 45, phrN: 9, phrMin: 5 })).toBe(false);
    expect(judged({ phrSum: 50, phrN: 10, phrMin: 5 })).toBe(true);
  });

  it('shows a value that rounds to its threshold with the decimals that tell them apart', () => {
    // 496 / 100 = 4.96 against 5; 1504 of 10 000 = 15.04% against 15%.
    expect(judge({ dlGrants: 100, dlMcsSum: 496, dlMcsN: 100 })).toEqual([
      'DL mean MCS 4.96 < 5 (100 MCS samples)',
    ]);
    expect(
      judge({ ulGrants: 10_000, ulDecodes: 10_000, ulFirstDecodes: 10_000, ulFirstFails: 1504 }),
    ).toEqual(['UL initial BLER 15.04% > 15.0% (10000 first transmissions)']);
  });
});

describe('thresholds from JSON', () => {
  it('takes defaults for what is not given', () => {
    expect(parseThresholds('{"initialBlerMax":0.2}', '--thresholds')).toEqual({
      ...DEFAULT_THRESHOLDS,
      initialBlerMax: 0.2,
    });
  });

  it('names an unknown threshold and lists the known ones, and names a bad value', () => {
    expect(() => parseThresholds('{"bogus":1}', '--thresholds')).toThrow(
      '--thresholds: no threshold is called "bogus" (known: initialBlerMax, residualBlerMax, ' +
        'mcsMeanMin, phrMeanMinDb, raFailRatioMax, minSamples)',
    );
    expect(() => parseThresholds('{"minSamples":0}', '--thresholds')).toThrow(
      /^--thresholds: minSamples: /,
    );
    expect(() => parseThresholds('[1', '--thresholds')).toThrow('--thresholds: not JSON');
    // 20 meant as 20 %: the message says the value is a fraction.
    expect(() => parseThresholds('{"initialBlerMax":20}', '--thresholds')).toThrow(
      '(a fraction: 0.2 for 20 %)',
    );
  });
});
