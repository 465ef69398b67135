// Per-process HTTP endpoints: GET /healthz (alive), /readyz (ready for work),
// /metrics (Prometheus text exposition) and /metrics.json (the same counters
// as one JSON object, as before). Knows nothing of actors.
import { createServer, type Server } from 'node:http';
import { oneLine } from '../core/errors.ts';

export interface HealthSource {
  live(): boolean;
  ready(): boolean;
  metrics(): Record<string, unknown>;
  /** The Prometheus exposition for /metrics; without it /metrics answers the JSON. */
  prometheus?(): Promise<{ contentType: string; body: string }>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Where health ports bind: TRIBUNAL_HEALTH_HOST, else every interface (a pod's probes come from outside it). `tribunal run` sets 127.0.0.1. */
export function healthHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRIBUNAL_HEALTH_HOST || '0.0.0.0';
}

export async function startHealthServer(port: number, source: HealthSource, host = healthHost()): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { error: 'GET only' });
    if (path === '/healthz') return source.live() ? send(200, { ok: true }) : send(503, { ok: false });
    if (path === '/readyz') return source.ready() ? send(200, { ready: true }) : send(503, { ready: false });
    if (path === '/metrics.json' || (path === '/metrics' && !source.prometheus)) return send(200, source.metrics());
    if (path === '/metrics') {
      source.prometheus!().then(
        ({ contentType, body }) => { res.writeHead(200, { 'content-type': contentType }); res.end(body); },
        (e: unknown) => send(500, { error: oneLine(e) }),
      );
      return;
    }
    send(404, { error: `no route ${path}; try /healthz, /readyz, /metrics or /metrics.json` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
