/**
 * Template variables: file, import, cell from Loki label values (chained, so that each
 * lists only what the one before selects), and the UE and search text as text boxes.
 *
 * The UE is a field of the line, not a label (it would multiply Loki's streams), and Loki
 * lists values of labels only; so the UE comes from the app's link, from a UE table's link,
 * or is typed.
 */
import {
  CustomVariableBuilder,
  QueryVariableBuilder,
  TextBoxVariableBuilder,
  VariableRefresh,
  VariableSort,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { DASHBOARD_VARIABLES, GRAFANA_DATASOURCES } from '../../src-shared/grafana.js';
import { KPI_KIND, SUMMARY_KIND } from '../../src-shared/loki.js';
import { RECORD_KINDS } from '../../src-shared/records.js';
import { appStreams, label, variable } from './logql.js';

export type Variable = cog.Builder<VariableModel>;

/** `All` of a multi-valued variable, as a regular expression that matches any value. */
const ANY = '.+';

/** A variable listing the values of one stream label within `selector`. */
function labelValues(name: 'file' | 'import' | 'cell', selector: string): QueryVariableBuilder {
  return (
    new QueryVariableBuilder(DASHBOARD_VARIABLES[name])
      .datasource(GRAFANA_DATASOURCES.loki)
      .query(`label_values(${selector}, ${label(name)})`)
      // Label values are looked up within the time range: history lives at the log's time.
      .refresh(VariableRefresh.OnTimeRangeChanged)
  );
}

export function fileVariable(): Variable {
  return labelValues('file', appStreams())
    .label('File')
    .sort(VariableSort.AlphabeticalAsc)
    .includeAll(true)
    .allValue(ANY);
}

/** Newest import first, so that a dashboard opened without a link shows the latest. */
export function importVariable(): Variable {
  return labelValues('import', appStreams([['file', variable('file')]]))
    .label('Import')
    .sort(VariableSort.NumericalDesc);
}

export function cellVariable(): Variable {
  const selector = appStreams([['import', variable('import')]]);
  return labelValues('cell', selector)
    .label('Cell')
    .sort(VariableSort.NaturalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(ANY);
}

export function ueVariable(): Variable {
  return new TextBoxVariableBuilder(DASHBOARD_VARIABLES.ue)
    .label('UE')
    .description('UE id as the log names it; set by the app, or by a link in a UE table');
}

export function searchVariable(): Variable {
  return new TextBoxVariableBuilder(DASHBOARD_VARIABLES.search)
    .label('Search')
    .description('Text the line must contain (case-insensitive)');
}

/** The record kinds and the app's own kinds, a fixed list (they are not per-import). */
export function kindVariable(): Variable {
  const kinds = [...RECORD_KINDS, KPI_KIND, SUMMARY_KIND];
  return new CustomVariableBuilder(DASHBOARD_VARIABLES.kind)
    .label('Kind')
    .values(kinds.join(','))
    .multi(true)
    .includeAll(true)
    .allValue(ANY);
}

/** The variables every per-import dashboard has. */
export function importVariables(): Variable[] {
  return [fileVariable(), importVariable(), cellVariable()];
}
