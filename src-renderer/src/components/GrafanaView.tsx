/**
 * The desktop app's Grafana: an empty placeholder whose place in the window the main
 * process covers with its Grafana view (a WebContentsView in its own partition; the app's
 * pages may frame nothing). The view follows the placeholder as the window and the page
 * change size or scroll, and is taken off the window when the placeholder goes.
 *
 * Being laid over the page, the view hides whatever the page draws beneath it.
 */
import { useEffect, useRef } from 'react';
import {
  MAX_VIEW_SIDE,
  type DashboardsApi,
  type GrafanaViewApi,
  type ViewBounds,
} from '../../../src-shared/api.js';
import { throttle } from '../throttle.js';
import { useToast } from '../toasts.js';

/** Often enough that the view keeps up with a dragged window edge, rarely enough for IPC. */
export const FOLLOW_MS = 50;

interface Props {
  api: DashboardsApi & GrafanaViewApi;
  /** The Grafana path to show (a dashboard link without an origin). */
  path: string;
  label: string;
}

/** The placeholder's place in the window's content, as the schema takes it. */
function boundsOf(element: HTMLElement): ViewBounds {
  const rect = element.getBoundingClientRect();
  const pixels = (value: number) => Math.min(MAX_VIEW_SIDE, Math.max(0, Math.round(value)));
  return {
    x: pixels(rect.left),
    y: pixels(rect.top),
    width: pixels(rect.width),
    height: pixels(rect.height),
  };
}

export function GrafanaView({ api, path, label }: Props) {
  const placeholder = useRef<HTMLDivElement>(null);
  const toast = useToast();

  useEffect(() => {
    const element = placeholder.current;
    if (!element) return;
    // One toast for a refusal, not one for every step of a resize.
    let told = false;
    const place = () => {
      api.showGrafana({ path, bounds: boundsOf(element) }).catch((err: unknown) => {
        if (!told) toast.error(err, 'Grafana');
        told = true;
      });
    };
    const follow = throttle(place, FOLLOW_MS);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(follow);

    place();
    observer?.observe(element);
    window.addEventListener('resize', follow);
    // Scroll events do not bubble: caught on the way down, from whichever part scrolled.
    window.addEventListener('scroll', follow, true);
    return () => {
      follow.cancel();
      observer?.disconnect();
      window.removeEventListener('resize', follow);
      window.removeEventListener('scroll', follow, true);
      api.hideGrafana().catch((err: unknown) => toast.error(err, 'Grafana'));
    };
  }, [api, path, toast]);

  return (
    <div
      ref={placeholder}
      className="grafana-view"
      role="region"
      aria-label={`Grafana: ${label}`}
      data-testid="grafana-view"
    />
  );
}
