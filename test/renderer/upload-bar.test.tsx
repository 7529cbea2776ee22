// @vitest-environment happy-dom
/**
 * Files on their way to the server: the window says how far the upload is, from the moment
 * files are dropped until the server has them, and then stops saying it.
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { IngestResult, UploadListener } from '../../src-shared/api.js';
import { App } from '../../src-renderer/src/App.js';
import { AccountsProvider } from '../../src-renderer/src/accounts-context.js';
import { GrafanaHostProvider, type GrafanaHost } from '../../src-renderer/src/grafana-host.js';
import { fakeApi, renderWith } from './fake-api.js';

afterEach(cleanup);

it('shows the bytes uploaded of all, then nothing once the server has the files', async () => {
  let report: UploadListener = () => undefined;
  let arrive: (result: IngestResult) => void = () => undefined;
  const { api } = fakeApi({
    listFiles: () => Promise.resolve([]),
    listJobs: () => Promise.resolve([]),
    listShipments: () => Promise.resolve([]),
    getShipTarget: () => Promise.resolve({ url: null, source: null, reason: 'no Loki' }),
    ingestFiles: (_files, _options, onUpload) => {
      report = onUpload ?? report;
      return new Promise((resolve) => (arrive = resolve));
    },
  });
  const grafana = { kind: 'view', api: {} } as GrafanaHost;
  renderWith(
    api,
    <AccountsProvider accounts={null}>
      <GrafanaHostProvider host={grafana}>
        <App />
      </GrafanaHostProvider>
    </AccountsProvider>,
  );

  // Two files of 1500 and 2596 bytes: 4096 in all, 4.1 kB (sizes in decimal units, as the CLI).
  const files = [new File(['a'.repeat(1500)], 'a.log'), new File(['b'.repeat(2596)], 'b.log')];
  fireEvent.drop(window, { dataTransfer: { types: ['Files'], files } });
  expect(screen.getByRole('status').textContent).toBe('Uploading 2 files: 0 B of 4.1 kB');

  act(() => report(2048, 4096));
  expect(screen.getByRole('status').textContent).toBe('Uploading 2 files: 2.0 kB of 4.1 kB');
  expect(screen.getByLabelText('upload of 2 files').getAttribute('value')).toBe('2048');

  await act(async () => {
    arrive({ jobs: [], refused: [] });
    await Promise.resolve();
  });
  expect(screen.queryByRole('status')).toBeNull();
});
