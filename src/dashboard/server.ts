// The live page's HTTP server: GET / (the page), /api/state (readRunState
// plus, while a scheduler answers for the run, its phase and actors),
// /assets/* (uPlot from node_modules). It binds 127.0.0.1 by default; a port
// already taken is said in one line and the next free one is used.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TribunalError, oneLine } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { readRunState } from './run-state.ts';
import { dashboardHtml } from './page.ts';
import { SchedulerClient } from '../scheduler/client.ts';
import { portInFile } from '../scheduler/port-file.ts';
import { runPortFile, withRunToken } from '../scheduler/run-access.ts';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/assets/uPlot.iife.min.js': { file: 'dist/uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  '/assets/uPlot.min.css': { file: 'dist/uPlot.min.css', type: 'text/css; charset=utf-8' },
};

export interface DashboardServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Phase and actors from the run's scheduler, when one answers within a second; null otherwise. */
async function schedulerView(runDir: string): Promise<{ phase: string; actors: unknown[] } | null> {
  const port = portInFile(runPortFile(runDir));
  if (port === null) return null;
  const client = await SchedulerClient.connect(`127.0.0.1:${port}`, { giveUpMs: 0, callTimeoutMs: 1000, env: withRunToken(runDir) });
  try {
    const s = await client.getState();
    return { phase: s.phase, actors: s.actors };
  } catch {
    return null;
  } finally {
    client.close();
  }
}

export async function startDashboard(opts: { runDir: string; host?: string; port?: number; log?: Logger; title?: string }): Promise<DashboardServer> {
  if (!existsSync(join(opts.runDir, 'config.json'))) {
    throw new TribunalError('BAD_CONFIG', `${opts.runDir} is not a run directory (no config.json); pass the directory a tribunal run writes`);
  }
  const uplotDir = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  const html = dashboardHtml(opts.title ?? `Tribunal · ${opts.runDir}`);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (code: number, type: string, body: string | Buffer) => { res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
    if (req.method !== 'GET') return send(405, 'text/plain', 'GET only');
    if (path === '/') return send(200, 'text/html; charset=utf-8', html);
    if (path === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    const asset = ASSETS[path];
    if (asset) {
      try { return send(200, asset.type, readFileSync(join(uplotDir, asset.file))); } catch (e) { return send(500, 'text/plain', oneLine(e)); }
    }
    if (path === '/api/state') {
      void (async () => {
        try {
          const state = readRunState(opts.runDir);
          const live = await schedulerView(opts.runDir);
          send(200, 'application/json', JSON.stringify({ ...state, phase: live?.phase ?? null, actors: live?.actors ?? [] }));
        } catch (e) {
          send(500, 'text/plain; charset=utf-8', oneLine(e));
        }
      })();
      return;
    }
    send(404, 'text/plain', `no route ${path}; the page is at /`);
  });
  const host = opts.host ?? '127.0.0.1';
  const wanted = opts.port ?? 0;
  let port = wanted;
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => { server.off('error', reject); resolve(); });
      });
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || wanted === 0 || attempt >= 20) throw new TribunalError('BAD_CONFIG', `dashboard: cannot listen on ${host}:${port}: ${code ?? oneLine(e)}`);
      opts.log?.warn(`dashboard port ${port} is taken; trying ${port + 1}`);
      port += 1;
    }
  }
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
