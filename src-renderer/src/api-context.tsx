/**
 * The operations the UI may call, handed down from the top: the browser gives it the
 * HTTP client, the desktop app will give it the preload's functions, tests a fake.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { MaclogApi } from '../../src-shared/api.js';

const ApiContext = createContext<MaclogApi | null>(null);

export function ApiProvider({ api, children }: { api: MaclogApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): MaclogApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
