// @vitest-environment happy-dom
/**
 * The Stack page against a fake MaclogApi: the engine found or not (with what was tried),
 * each service, pull progress and state changes from events, start, stop, logs, and
 * failures as toasts with their cause.
 */
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StackStatus } from '../../src-shared/api.js';
import type { ServiceStatus, StackService } from '../../src-shared/stack.js';
import { ApiError } from '../../src-shared/api.js';
import { StackPage } from '../../src-renderer/src/components/StackPage.js';
import { fakeApi, renderWith } from './fake-api.js';

afterEach(cleanup);

const PORTS = { loki: 3100, prometheus: 9090, grafana: 3000 };

function service(name: StackService, state: ServiceStatus['state']): ServiceStatus {
  return {
    service: name,
    state,
    url: `http://127.0.0.1:${PORTS[name]}`,
    id: state === 'missing' ? null : `${name}-id`,
    image: null,
    detail: state === 'missing' ? 'no container; run `maclog stack up`' : null,
  };
}

function status(state: ServiceStatus['state']): StackStatus {
  return {
    mode: 'managed',
    engine: {
      found: true,
      kind: 'podman',
      version: '4.3.1',
      host: 'unix:///p.sock',
      source: 'DOCKER_HOST',
    },
    busy: null,
    services: (['loki', 'prometheus', 'grafana'] as const).map((s) => service(s, state)),
    error: null,
  };
}

/** A promise the test settles when it wants. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('StackPage', () => {
  it('says no engine was found, with each socket tried and why, and cannot start', async () => {
    const { api } = fakeApi({
      getStackStatus: () =>
        Promise.resolve({
          mode: 'managed',
          engine: {
            found: false,
            tried: [
              {
                host: 'unix:///var/run/docker.sock',
                source: 'Docker socket',
                reason: 'no such socket',
              },
              {
                host: 'unix:///run/user/0/podman/podman.sock',
                source: 'rootless Podman',
                reason: 'nothing listening',
              },
            ],
            reason: 'no container engine answered.',
          },
          busy: null,
          services: [],
          error: 'no container engine answered.',
        }),
    });
    renderWith(api, <StackPage />);

    const engine = await screen.findByTestId('engine');
    expect(engine.textContent).toContain('no container engine found.');
    const tried = within(engine)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(tried).toEqual([
      'unix:///var/run/docker.sock (Docker socket): no such socket',
      'unix:///run/user/0/podman/podman.sock (rootless Podman): nothing listening',
    ]);
    expect(screen.getByRole('button', { name: 'Start' })).toHaveProperty('disabled', true);
    expect(screen.queryByRole('list', { name: 'Services' })?.children).toHaveLength(0);
  });

  it('starts the stack, showing pull progress and state changes as they come', async () => {
    const user = userEvent.setup();
    const start = later<StackStatus>();
    const startStack = vi.fn(() => start.promise);
    const fake = fakeApi({ getStackStatus: () => Promise.resolve(status('missing')), startStack });
    renderWith(fake.api, <StackPage />);

    const loki = await screen.findByRole('listitem', { name: 'Loki' });
    expect(screen.getByTestId('engine').textContent).toBe(
      'Mode managed: Podman 4.3.1 at unix:///p.sock (DOCKER_HOST)',
    );
    expect(within(loki).getByTestId('state-loki').textContent).toBe('missing');
    expect(loki.textContent).toContain('http://127.0.0.1:3100 (port 3100)');
    expect(loki.textContent).toContain('no container; run `maclog stack up`');

    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(startStack).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Starting…' })).toHaveProperty('disabled', true);

    const image = 'docker.io/grafana/loki:3.5.0';
    act(() => fake.sendStack({ service: 'loki', state: 'pulling', image, percent: 40 }));
    const bar = within(loki).getByRole('progressbar', { name: 'pull progress of Loki' });
    expect(bar.getAttribute('value')).toBe('40');
    expect(loki.textContent).toContain(`pulling ${image}`);
    act(() => fake.sendStack({ service: 'loki', state: 'starting' }));
    expect(within(loki).queryByRole('progressbar')).toBeNull();
    expect(within(loki).getByTestId('state-loki').textContent).toBe('starting');
    act(() => fake.sendStack({ service: 'loki', state: 'ready', url: 'http://127.0.0.1:3100' }));
    expect(within(loki).getByTestId('state-loki').textContent).toBe('ready');
    expect(within(loki).getByRole('link', { name: 'http://127.0.0.1:3100' })).toBeTruthy();

    await act(() => {
      start.resolve(status('ready'));
      return start.promise;
    });
    for (const name of ['loki', 'prometheus', 'grafana']) {
      expect(screen.getByTestId(`state-${name}`).textContent).toBe('ready');
    }
    expect(screen.getByRole('button', { name: 'Start' })).toHaveProperty('disabled', false);
  });

  it('shows a failed start as a toast with the cause, and the failed service', async () => {
    const user = userEvent.setup();
    const reason = 'port 3000 on 127.0.0.1 is already in use by another program';
    const getStackStatus = vi.fn(() => Promise.resolve(status('missing')));
    const fake = fakeApi({ getStackStatus });
    fake.api.startStack = () => {
      fake.sendStack({ service: 'grafana', state: 'failed', reason });
      return Promise.reject(new ApiError(`grafana: ${reason}`, null, 502));
    };
    renderWith(fake.api, <StackPage />);
    await screen.findByRole('listitem', { name: 'Grafana' });

    await user.click(screen.getByRole('button', { name: 'Start' }));
    const toast = await screen.findByRole('alert');
    expect(toast.textContent).toContain(`cannot start the stack: grafana: ${reason}`);
    // The status read again says "missing"; the card still says why it failed.
    await waitFor(() => expect(getStackStatus).toHaveBeenCalledTimes(2));
    await act(() => Promise.resolve());
    const grafana = screen.getByRole('listitem', { name: 'Grafana' });
    expect(within(grafana).getByTestId('state-grafana').textContent).toBe('failed');
    expect(grafana.textContent).toContain(reason);
  });

  it("stops the stack, and shows a service's last log lines on demand", async () => {
    const user = userEvent.setup();
    const stopStack = vi.fn(() => Promise.resolve(status('stopped')));
    const getStackLogs = vi.fn(() => Promise.resolve('level=info msg="Loki started"\n'));
    const fake = fakeApi({
      getStackStatus: () => Promise.resolve(status('ready')),
      stopStack,
      getStackLogs,
    });
    renderWith(fake.api, <StackPage />);
    const loki = await screen.findByRole('listitem', { name: 'Loki' });

    await user.click(within(loki).getByRole('button', { name: 'Logs' }));
    const logs = await within(loki).findByRole('region', { name: 'Logs of loki' });
    await within(logs).findByText('level=info msg="Loki started"', { exact: false });
    expect(getStackLogs).toHaveBeenCalledWith({ service: 'loki', tail: 200 });

    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(stopStack).toHaveBeenCalledTimes(1);
    expect(await screen.findAllByText('stopped')).toHaveLength(3);
  });
});
