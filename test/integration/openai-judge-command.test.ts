import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeCommand } from '../../src/cli/judge-command.ts';
import { startFakeVllm, type FakeVllm } from '../../src/testing/fake-vllm.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await judgeCommand(argv, { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

async function fake(opts: Parameters<typeof startFakeVllm>[0] = {}): Promise<FakeVllm> {
  const f = await startFakeVllm(opts);
  cleanup.push(() => f.close());
  return f;
}

describe('openai judge command', () => {
  it('judge command - pointwise prints one JSON object', async () => {
    const f = await fake({ reasoningText: 'a b c d' });
    const r = await run(['--base-url', f.url, '--model', 'fake-judge', '--prompt', 'Hi', '--response', 'Hello!', '--reasoning', 'on']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({ valid: true, score: 7, pAWins: null, winner: null, preference: null, reasoningTokens: 4 });
    expect(o.expected).toBeCloseTo(6.9444, 3);
    expect(o.distribution).toHaveLength(10);
    expect(o.usage).toMatchObject({ requests: 1, reasoningTokens: 4, reasoningTokensEstimated: 4 });
    expect(f.requests[0].body.chat_template_kwargs).toEqual({ enable_thinking: true });
  });

  it('judge command - pairwise prints the probability that A wins, the winner, and the old field', async () => {
    const f = await fake({ pairProbs: { A: 0.8, B: 0.2 } });
    const r = await run(['--base-url', f.url, '--model', 'fake-judge', '--mode', 'pairwise', '--prompt', 'Hi', '--response', 'Hello!', '--response-b', 'Go away']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ valid: true, score: null, pAWins: 0.8, winner: 'A', preference: 0.8 });
  });

  it('judge command - bad flags exit 2 with one line naming the flag', async () => {
    const unknown = await run(['--base-url', 'http://x/v1', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--frobnicate/);
    expect(unknown.err.trim().split('\n')).toHaveLength(1);
    const mode = await run(['--base-url', 'http://x/v1', '--model', 'm', '--prompt', 'p', '--response', 'r', '--mode', 'listwise']);
    expect(mode.code).toBe(2);
    expect(mode.err).toMatch(/--mode/);
    const missing = await run(['--model', 'm', '--prompt', 'p', '--response', 'r']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toMatch(/--base-url/);
    const url = await run(['--base-url', 'not a url', '--model', 'm', '--prompt', 'p', '--response', 'r']);
    expect(url.code).toBe(2);
    expect(url.err).toMatch(/--base-url/);
  });

  it('judge command - --help prints usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: tribunal judge');
  });

  it('judge command - endpoint failure after retries: exit 1, one line on stderr', async () => {
    const f = await fake({ always: { kind: 'status', status: 503 } });
    const r = await run(['--base-url', f.url, '--model', 'fake-judge', '--prompt', 'p', '--response', 'r', '--max-retries', '1']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/failed after 2 attempts/);
    expect(f.requests).toHaveLength(2);
  });

  it('judge command - end to end in a child process', async () => {
    const f = await fake();
    const code = `import('./src/cli/judge-command.ts').then(async (m) => process.exit(await m.judgeCommand(process.argv.slice(1))))`;
    const child = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      // spawnSync would block this process's event loop, and with it the fake server.
      execFile(process.execPath, ['--import', 'tsx', '-e', code, '--', '--base-url', f.url, '--model', 'fake-judge', '--prompt', 'p', '--response', 'r'], (e, stdout) => {
        resolve({ status: e ? (e as { code?: number }).code ?? 1 : 0, stdout });
      });
    });
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ valid: true, score: 7 });
  });
});
