/** Random access: attempts over time, outcomes, failures by cause, and the ra lines. */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { RaRecord } from '../../../src-shared/records.js';
import { finish, maclogDashboard } from '../dashboard.js';
import { countLines, importStreams, label, logfmt, RANGE, recordField } from '../logql.js';
import { logsPanel, lokiBars, lokiTimeseries } from '../panels.js';
import { importVariables } from '../variables.js';

const RA_STREAMS = importStreams({ kind: 'ra', byCell: true });
const STEP = recordField('ra', 'step');
const OUTCOME = recordField('ra', 'outcome');
const CAUSE = recordField('ra', 'cause');

/** A procedure starts with its preamble. */
const FIRST_STEP: RaRecord['step'] = 'preamble';
const FAIL: NonNullable<RaRecord['outcome']> = 'fail';

export function raDashboard(): Dashboard {
  const attempts = RA_STREAMS + logfmt([[STEP, '=', FIRST_STEP]], []);
  const decided = RA_STREAMS + logfmt([[OUTCOME, '!=', '']], []);
  const failed = RA_STREAMS + logfmt([[OUTCOME, '=', FAIL]], [CAUSE]);

  const builder = maclogDashboard('ra', 'MAC Log Studio: random access', 'RA procedures')
    .variables(importVariables())
    .withRow(new RowBuilder('Procedures'))
    .withPanel(
      lokiTimeseries('Attempts (preambles)', 'short', [
        { expr: countLines(attempts, [label('cell')]), legend: 'cell {{cell}}' },
      ]),
    )
    .withPanel(
      lokiTimeseries('Outcomes', 'short', [
        { expr: countLines(decided, [OUTCOME]), legend: `{{${OUTCOME}}}` },
      ]),
    )
    .withPanel(
      lokiBars(
        'Failures by cause',
        CAUSE,
        {
          expr: countLines(failed, [CAUSE], RANGE),
          legend: `{{${CAUSE}}}`,
        },
        { w: 24, h: 8 },
      ),
    )
    .withRow(new RowBuilder('Log lines'))
    .withPanel(logsPanel('Random-access lines', RA_STREAMS));
  return finish(builder);
}
