/**
 * Engine discovery: the places tried, in order, on each platform, and the message when
 * none answers. (Finding the real engine is exercised by every other stack test.)
 */
import { describe, expect, it } from 'vitest';
import { EngineNotFoundError, engineCandidates, findEngine } from '../../src-main/stack/engine.js';

describe('engineCandidates', () => {
  it('tries DOCKER_HOST, Docker Desktop, the Docker socket, then rootless and rootful Podman', () => {
    const list = engineCandidates({
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2375', XDG_RUNTIME_DIR: '/run/user/1000' },
      platform: 'linux',
      home: '/home/ana',
    });
    expect(list).toEqual([
      { host: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST' },
      { host: 'unix:///home/ana/.docker/run/docker.sock', source: 'Docker Desktop user socket' },
      { host: 'unix:///var/run/docker.sock', source: 'Docker socket' },
      { host: 'unix:///run/user/1000/podman/podman.sock', source: 'rootless Podman' },
      { host: 'unix:///run/podman/podman.sock', source: 'rootful Podman' },
    ]);
  });

  it('uses the named pipes on Windows', () => {
    const list = engineCandidates({ env: {}, platform: 'win32', home: 'C:\\Users\\ana' });
    expect(list.map((c) => c.host)).toEqual([
      'npipe:////./pipe/docker_engine',
      'npipe:////./pipe/podman-machine-default',
    ]);
  });
});

describe('findEngine', () => {
  it('lists every place tried and why, when none answers', async () => {
    const host = 'unix:///nonexistent/maclog-test/docker.sock';
    const error = await findEngine(host).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineNotFoundError);
    expect((error as EngineNotFoundError).tried).toEqual([
      { candidate: { host, source: 'settings' }, reason: 'no such socket' },
    ]);
    expect((error as Error).message).toContain(`Tried:\n  ${host} (settings): no such socket`);
  });
});
