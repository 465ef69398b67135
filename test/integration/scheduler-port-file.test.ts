// `tribunal scheduler --port 0` binds a port the OS picks and reports it in
// its port file; a client reaches it there. The launcher starts it this way,
// so no free port is picked, released and raced for.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readPortFile, writePortFile } from '../../src/scheduler/port-file.ts';
import { SchedulerClient } from '../../src/scheduler/client.ts';

const BIN = resolve(import.meta.dirname, '../../bin/tribunal');

describe('scheduler port file', () => {
  it('port file - written whole, read back, and a missing one times out with the path named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-port-'));
    const path = join(dir, 'p.port');
    writePortFile(path, 50123);
    expect(await readPortFile(path, { timeoutMs: 100 })).toBe(50123);
    await expect(readPortFile(join(dir, 'none'), { timeoutMs: 50 })).rejects.toThrow(/no port reported in .*none/);
    await expect(readPortFile(join(dir, 'none'), { timeoutMs: 10_000, gone: () => true })).rejects.toThrow(/no port/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('port file - tribunal scheduler --port 0 reports the port it bound, and serves there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-port-'));
    const cfg = join(dir, 'exp.json');
    writeFileSync(cfg, JSON.stringify({ run: { id: 'portfile', dir } }));
    const portFile = join(dir, 'scheduler.port');
    const proc = spawn(process.execPath, [BIN, 'scheduler', '--config', cfg, '--port', '0', '--port-file', portFile, '--health-port', '0'], { stdio: 'ignore' });
    try {
      const port = await readPortFile(portFile, { timeoutMs: 20_000, gone: () => proc.exitCode !== null });
      expect(port).toBeGreaterThan(0);
      const client = await SchedulerClient.connect(`127.0.0.1:${port}`);
      expect((await client.getState()).phase).toBe('starting');
      client.close();
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
