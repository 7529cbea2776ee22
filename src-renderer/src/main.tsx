import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './App.js';
import { AccountsProvider } from './accounts-context.js';
import { ApiProvider } from './api-context.js';
import { SignInGate } from './components/SignInGate.js';
import { GrafanaHostProvider, type GrafanaHost } from './grafana-host.js';
import { httpApi } from './http-api.js';
import { desktopBridge, ipcApi, ipcDashboards } from './ipc-api.js';
import { ToastProvider } from './toasts.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// In the desktop app the preload has put its bridge on the window; in a browser, HTTP.
const bridge = desktopBridge();
const browser = bridge ? null : httpApi();
const api = bridge ? ipcApi(bridge) : browser!;
const grafana: GrafanaHost = bridge
  ? { kind: 'view', api: ipcDashboards(bridge) }
  : { kind: 'frame', api: browser! };

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <ToastProvider>
        {/* The desktop app has one local user: no accounts, no sign-in. */}
        <AccountsProvider accounts={browser}>
          <GrafanaHostProvider host={grafana}>
            <SignInGate>
              <App />
            </SignInGate>
          </GrafanaHostProvider>
        </AccountsProvider>
      </ToastProvider>
    </ApiProvider>
  </StrictMode>,
);
