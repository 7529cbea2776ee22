/**
 * Where `maclog grafana --file N --ue X` lands: the UE dashboard of that import, on the
 * file's own time range, in kiosk mode. The expected link is written out by hand from the
 * sample's first and last timestamps.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { firstPage } from '../../src-main/cli/grafana-command.js';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { IngestService } from '../../src-main/ingest/service.js';
import { openStore } from '../../src-main/store/store.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 1 });
afterAll(() => engine.close());

it('opens the chosen UE of the chosen file on its own time range', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'maclog-link-'));
  const store = openStore({ dataDir });
  const outcome = await new IngestService({ store, engine }).ingest({
    path: samplePath('srsran-gnb-nr.log'),
  });
  const { firstNs, lastNs } = outcome.result!;
  store.close();

  const options = {
    dataDir,
    grafanaUrl: 'http://127.0.0.1:3000',
    port: 0,
    role: 'Viewer' as const,
  };
  const from = Number(BigInt(firstNs!) / 1_000_000n) - 1000;
  const to = Number(BigInt(lastNs!) / 1_000_000n) + 1000;
  expect(firstPage({ ...options, file: 1, ue: '0' })).toBe(
    `/d/maclog-ue?var-file=srsran-gnb-nr.log&var-import=1&var-cell=0&var-ue=0&from=${from}&to=${to}&kiosk`,
  );
  expect(firstPage({ ...options, file: 1 })).toBe(
    `/d/maclog-overview?var-file=srsran-gnb-nr.log&var-import=1&from=${from}&to=${to}&kiosk`,
  );
  expect(firstPage(options)).toBe('/d/maclog-overview');
  // The DU gave index 0 to a second UE once the first was gone: `0#2` in the results.
  expect(firstPage({ ...options, file: 1, ue: '0#2' })).toContain('&var-ue=0%232&');
  expect(() => firstPage({ ...options, file: 1, ue: '7' })).toThrow(
    'file #1 has no UE 7 (its UEs: 0, 0#2)',
  );
  expect(() => firstPage({ ...options, file: 3 })).toThrow('no stored file #3');
});
