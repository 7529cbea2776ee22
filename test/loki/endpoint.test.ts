/**
 * A Loki URL with a path prefix and a password, as a Loki behind a reverse proxy has: the
 * prefix is kept, the password is sent as basic authentication and never shown or stored.
 * Against the Loki STAND-IN (test/fixtures/loki), here set up as behind such a proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LokiClient, lokiEndpoint, PushError } from '../../src-main/loki/client.js';
import type { LokiEntry } from '../../src-main/loki/lines.js';
import { LokiStandIn } from '../fixtures/loki/loki-standin.js';

describe('lokiEndpoint', () => {
  it('keeps the path prefix and takes the credentials out of the URL', () => {
    expect(lokiEndpoint('http://user:p%40ss@loki.lab:3100/logs/?x=1')).toEqual({
      target: 'http://loki.lab:3100/logs',
      pushUrl: 'http://loki.lab:3100/logs/loki/api/v1/push',
      // base64 of "user:p@ss", worked out with the base64 tool
      authorization: 'Basic dXNlcjpwQHNz',
    });
  });

  it('leaves a plain URL as it is, without authentication', () => {
    expect(lokiEndpoint('http://127.0.0.1:3100')).toEqual({
      target: 'http://127.0.0.1:3100',
      pushUrl: 'http://127.0.0.1:3100/loki/api/v1/push',
      authorization: null,
    });
  });
});

describe('LokiClient behind a proxy with a prefix and basic authentication', () => {
  const loki = new LokiStandIn({
    rejectOldSamples: false,
    pathPrefix: '/logs',
    basicAuth: { user: 'lab', password: 's3cret' },
  });
  beforeAll(() => loki.start());
  afterAll(() => loki.stop());

  const entry: LokiEntry = {
    stream: '{app="maclog"}',
    labels: { app: 'maclog' },
    tsNs: '1709294400000000000',
    line: 'one line',
  };
  const withCredentials = () => loki.url.replace('http://', 'http://lab:s3cret@') + '/logs';

  it('pushes under the prefix, signed in with the credentials of the URL', async () => {
    const client = new LokiClient({ url: withCredentials(), retries: 0 });
    expect(client.target).toBe(`${loki.url}/logs`);
    const result = await client.push([entry]);
    expect(result.accepted).toBe(1);
    expect(loki.entries().map((e) => e.line)).toEqual(['one line']);
  });

  it('is refused without them, and the error does not show a password', async () => {
    const anonymous = new LokiClient({ url: `${loki.url}/logs`, retries: 0 });
    await expect(anonymous.push([entry])).rejects.toThrow(PushError);

    const wrong = new LokiClient({
      url: loki.url.replace('http://', 'http://lab:wrong@') + '/logs',
      retries: 0,
    });
    const error = await wrong.push([entry]).then(
      () => new Error('pushed without the right password'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toContain('HTTP 401');
    expect(error.message).not.toContain('wrong');
  });
});
