/** UE summaries for component tests, built the way the engine builds them. */
import { DEFAULT_THRESHOLDS, judge } from '../../src-main/engine/kpi/rules.js';
import {
  deriveKpis,
  emptyCounters,
  type KpiCounters,
  type SubjectSummary,
} from '../../src-shared/kpis.js';

export function ue(id: string, rnti: number, dlBytes: number, rule: string | null = null) {
  const counters = { ...emptyCounters(), dlGrants: 10, dlBytes, dlMcsSum: 200, dlMcsN: 10 };
  return ueWith(id, rnti, counters, rule);
}

/** A UE of 10 seconds with the counters given, its KPIs derived from them. */
export function ueWith(
  id: string,
  rnti: number,
  counters: KpiCounters,
  rule: string | null = null,
): SubjectSummary {
  const kpis = deriveKpis(counters, 10);
  const summary: SubjectSummary = {
    cell: '0',
    ue: id,
    counters,
    kpis,
    life: {
      firstNs: '0',
      lastNs: '10000000000',
      rntis: [rnti],
      created: 1,
      removed: 0,
      rntiChanges: 0,
      ulFailures: 0,
    },
    dlMcsHist: [],
    ulMcsHist: [],
    raFailCauses: {},
    malperforming: rule !== null,
    rule,
    judged: rule !== null || judge(kpis, counters, DEFAULT_THRESHOLDS).judged,
  };
  return summary;
}
