/** Free-text search over the lines of one import, by cell and kind, with its volume. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { finish, maclogDashboard } from '../dashboard.js';
import { countLines, formattedVariable, importStreams, label, variable } from '../logql.js';
import { logsPanel, lokiTimeseries } from '../panels.js';
import { importVariables, kindVariable, searchVariable } from '../variables.js';

/**
 * Case-insensitive, with the text regex-escaped by Grafana (`:regex`) and in a raw string
 * (backticks), so that the user's backslashes and quotes need no LogQL escaping.
 */
export function searchFilter(): string {
  return ` |~ \`(?i)${formattedVariable('search', 'regex')}\``;
}

export function logsDashboard(): Dashboard {
  const kindRegex = variable('kind');
  const lines = importStreams({ byCell: true, kindRegex }) + searchFilter();
  const builder = maclogDashboard('logs', 'MAC Log Studio: log search', 'Search the log lines')
    .variables([...importVariables(), kindVariable(), searchVariable()])
    .withPanel(
      lokiTimeseries(
        'Matching lines',
        'short',
        [{ expr: countLines(lines, [label('kind')]), legend: '{{kind}}' }],
        { w: 24, h: 6 },
      ),
    )
    .withPanel(logsPanel('Lines', lines, { w: 24, h: 20 }));
  return finish(builder);
}
