/**
 * Whether a Grafana answers, asked the way its image's readiness check does
 * (`GET /api/health`, which needs nobody signed in). Both Dashboards pages ask it before
 * showing Grafana, so a stopped stack is told in words rather than as a broken page.
 */
import { request as httpRequest } from 'undici';

/** Null when Grafana at `url` answers its health check; otherwise why not. */
export async function grafanaHealthProblem(url: string): Promise<string | null> {
  try {
    const res = await httpRequest(new URL('/api/health', url), {
      headersTimeout: 2000,
      bodyTimeout: 2000,
    });
    await res.body.dump();
    return res.statusCode === 200 ? null : `HTTP ${res.statusCode}`;
  } catch (err) {
    const code = (err as { code?: string }).code;
    return code ?? (err instanceof Error ? err.message : String(err));
  }
}
