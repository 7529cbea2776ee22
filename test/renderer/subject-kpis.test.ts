/**
 * The flag and marks the UI's tables show, decided as the CLI's tables decide them.
 */
import { describe, expect, it } from 'vitest';
import { emptyCounters, type KpiCounters } from '../../src-shared/kpis.js';
import { flag } from '../../src-renderer/src/subject-kpis.js';
import { ueWith } from './ues.js';

const withCounters = (c: Partial<KpiCounters>, rule: string | null = null) =>
  ueWith('0', 0x4601, { ...emptyCounters(), ...c }, rule);

describe('flag', () => {
  // Whether a rule could judge is the engine's answer (SubjectSummary.judged, tested with
  // the rules in test/engine/rules.test.ts); the flag shows it as the CLI does.
  it('is - for a UE that no rule could judge, ok for one judged fine, BAD when a rule fired', () => {
    const few = withCounters({ dlDecodes: 49, dlFirstDecodes: 49, dlFirstFails: 5 });
    const enough = withCounters({ dlDecodes: 50, dlFirstDecodes: 50, dlFirstFails: 5 });
    expect([few.judged, flag(few)]).toEqual([false, '-']);
    expect([enough.judged, flag(enough)]).toEqual([true, 'ok']);
    expect(flag({ ...few, judged: true })).toBe('ok');
    expect(flag({ ...enough, judged: false })).toBe('-');
  });

  it('is BAD whenever a rule fired', () => {
    expect(flag(withCounters({}, 'mean PHR -8.1 dB < 0 dB (power limited, 12 reports)'))).toBe(
      'BAD',
    );
  });
});
