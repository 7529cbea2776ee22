/**
 * Errors (and the odd notice) as toasts that say the cause, dismissed by the user.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

interface ToastApi {
  error(err: unknown, context?: string): void;
  info(message: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((kind: Toast['kind'], message: string) => {
    setToasts((all) => [...all.slice(-4), { id: nextId++, kind, message }]);
  }, []);
  const api = useMemo<ToastApi>(
    () => ({
      error: (err, context) => {
        const cause = err instanceof Error ? err.message : String(err);
        push('error', context ? `${context}: ${cause}` : cause);
      },
      info: (message) => push('info', message),
    }),
    [push],
  );
  const dismiss = (id: number) => setToasts((all) => all.filter((t) => t.id !== id));

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast toast-${t.kind}`}
            role={t.kind === 'error' ? 'alert' : 'status'}
          >
            <span>{t.message}</span>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}
