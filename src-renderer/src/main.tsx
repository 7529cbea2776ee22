import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './App.js';
import { ApiProvider } from './api-context.js';
import { httpApi } from './http-api.js';
import { desktopBridge, ipcApi } from './ipc-api.js';
import { ToastProvider } from './toasts.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// In the desktop app the preload has put its bridge on the window; in a browser, HTTP.
const bridge = desktopBridge();
const api = bridge ? ipcApi(bridge) : httpApi();

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </ApiProvider>
  </StrictMode>,
);
