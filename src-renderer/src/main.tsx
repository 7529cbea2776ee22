import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './App.js';
import { AccountsProvider } from './accounts-context.js';
import { ApiProvider } from './api-context.js';
import { SignInGate } from './components/SignInGate.js';
import { httpApi } from './http-api.js';
import { ToastProvider } from './toasts.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const api = httpApi();

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <ToastProvider>
        <AccountsProvider accounts={api}>
          <SignInGate>
            <App />
          </SignInGate>
        </AccountsProvider>
      </ToastProvider>
    </ApiProvider>
  </StrictMode>,
);
