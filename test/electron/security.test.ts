/**
 * The desktop window's security, against Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): the expected values below
 * are the checklist's, written out here, not read from the code.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appResponse } from '../../src-main/electron/protocol.js';
import {
  CONTENT_SECURITY_POLICY,
  appPolicy,
  appWebPreferences,
  grafanaPolicy,
  grafanaWebPreferences,
  isAllowedNavigation,
  isAllowedPermission,
  secureContents,
  secureSession,
  withProxySecret,
} from '../../src-main/electron/security.js';

/** Checklist items 2-4 and 6-10 (Node off, isolation, sandbox, webSecurity, no webview). */
const CHECKLIST_PREFERENCES = {
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  contextIsolation: true,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};

describe('webPreferences', () => {
  it('lock down the main window, with only the preload added', () => {
    const prefs = appWebPreferences('/app/dist/electron/preload.cjs', false);
    expect(prefs).toMatchObject(CHECKLIST_PREFERENCES);
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(prefs.devTools).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('partition');
    // A drop outside the drop zone must not replace the app with the file.
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it("lock down Grafana's view the same way, in its own partition and without a preload", () => {
    const prefs = grafanaWebPreferences(false);
    expect(prefs).toMatchObject(CHECKLIST_PREFERENCES);
    expect(prefs.partition).toBe('persist:grafana');
    expect(prefs).not.toHaveProperty('preload');
  });
});

/** The policy as a map of directive -> sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('Content-Security-Policy (checklist item 7)', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('denies by default and allows scripts only from the app itself', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('has no unsafe source, wildcard or remote scheme anywhere', () => {
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, name).not.toMatch(/unsafe-|^\*|^https?:|^ws|^file:|^blob:/);
      }
    }
  });

  it('comes with every page the app serves, including the fallback page', async () => {
    const root = mkdtempSync(join(tmpdir(), 'maclog-ui-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>UI</title>');
    for (const url of ['app://maclog/', 'app://maclog/files/3']) {
      const response = await appResponse(url, root);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });
});

describe('app:// serves the built UI and nothing outside it', () => {
  const parent = mkdtempSync(join(tmpdir(), 'maclog-protocol-'));
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), 'INDEX');
  writeFileSync(join(root, 'assets', 'app.js'), 'SCRIPT');
  writeFileSync(join(parent, 'secret.txt'), 'SECRET');

  it('serves its files with their types', async () => {
    const response = await appResponse('app://maclog/assets/app.js', root);
    expect(await response.text()).toBe('SCRIPT');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('never reads above its folder, however the path is spelled', async () => {
    for (const path of [
      '../secret.txt',
      '..%2fsecret.txt',
      '%2e%2e/secret.txt',
      'assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await appResponse(`app://maclog/${path}`, root);
      expect(await response.text(), path).not.toBe('SECRET');
    }
  });

  it('answers no other host', async () => {
    expect((await appResponse('app://evil/index.html', root)).status).toBe(404);
  });
});

describe('navigation (checklist item 13)', () => {
  it('keeps the app on its own pages', () => {
    const policy = appPolicy();
    expect(isAllowedNavigation('app://maclog/index.html', policy)).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:9470/',
      'file:///etc/passwd',
      'app://other/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedNavigation(url, policy), url).toBe(false);
    }
  });

  it("keeps Grafana's view on the sign-in proxy, never Grafana itself", () => {
    const policy = grafanaPolicy('http://127.0.0.1:41234');
    expect(isAllowedNavigation('http://127.0.0.1:41234/d/maclog-overview?kiosk', policy)).toBe(
      true,
    );
    for (const url of [
      'http://127.0.0.1:3000/d/maclog-overview',
      'http://localhost:41234/',
      'https://grafana.com/docs/',
      'app://maclog/index.html',
    ]) {
      expect(isAllowedNavigation(url, policy), url).toBe(false);
    }
  });
});

describe('permissions (checklist item 5)', () => {
  it('grants the app nothing', () => {
    const policy = appPolicy();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      expect(isAllowedPermission(permission, 'app://maclog/index.html', policy)).toBe(false);
    }
  });

  it('grants Grafana only clipboard writes, and only on the proxy', () => {
    const policy = grafanaPolicy('http://127.0.0.1:41234');
    const proxy = 'http://127.0.0.1:41234/d/x';
    expect(isAllowedPermission('clipboard-sanitized-write', proxy, policy)).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write', 'https://evil.example/', policy)).toBe(
      false,
    );
    expect(isAllowedPermission('media', proxy, policy)).toBe(false);
  });

  it('answers requests and checks in the session by the policy', () => {
    let request: (...args: unknown[]) => void = () => {};
    let check: (...args: unknown[]) => boolean = () => true;
    const session = {
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
    };
    secureSession(session as unknown as Session, appPolicy());
    const callback = vi.fn();
    request(null, 'media', callback, { requestingUrl: 'app://maclog/' });
    expect(callback).toHaveBeenCalledWith(false);
    expect(check(null, 'notifications', 'app://maclog')).toBe(false);
  });
});

describe('web contents (checklist items 13-15)', () => {
  function fakeContents() {
    const emitter = new EventEmitter();
    let openHandler: (details: { url: string }) => { action: string } = () => ({ action: 'allow' });
    const contents = Object.assign(emitter, {
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    });
    secureContents(contents as unknown as WebContents, appPolicy());
    const navigate = (name: string, url: string) => {
      const event = { url, preventDefault: vi.fn() };
      emitter.emit(name, event);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { navigate, open: (url: string) => openHandler({ url }).action };
  }

  it('stops navigations and redirects away from the app, lets its own pages be', () => {
    const contents = fakeContents();
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://maclog/index.html')).toBe(false);
  });

  it('refuses every new window and every webview', () => {
    const contents = fakeContents();
    expect(contents.open('https://example.com/')).toBe('deny');
    expect(contents.open('app://maclog/index.html')).toBe('deny');
    expect(contents.navigate('will-attach-webview', 'https://example.com/')).toBe(true);
  });
});

describe("Grafana's proxy secret", () => {
  const endpoint = { url: 'http://127.0.0.1:41234', proxySecret: 'a'.repeat(64) };

  it('goes to the sign-in proxy and nowhere else', () => {
    const toProxy = withProxySecret({ Accept: '*/*' }, 'http://127.0.0.1:41234/api/x', endpoint);
    expect(toProxy).toEqual({ Accept: '*/*', 'x-maclog-proxy-secret': 'a'.repeat(64) });
    for (const url of [
      'http://127.0.0.1:3000/api/x',
      'https://grafana.com/',
      'http://localhost:41234/',
    ]) {
      expect(withProxySecret({ Accept: '*/*' }, url, endpoint), url).toEqual({ Accept: '*/*' });
    }
  });
});
