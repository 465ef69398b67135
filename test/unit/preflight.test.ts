// Before any process starts: model dirs, data files, templates and named API
// key variables, each problem one BAD_CONFIG line naming the field; --probe
// asks each OpenAI-compatible server for /models (a real HTTP server here).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.ts';
import { preflightRun, probeServers, runEngines } from '../../src/launcher/preflight.ts';
import { preflightStudy } from '../../src/study/preflight.ts';
import { StudySection } from '../../src/study/config.ts';
import { isTribunalError } from '../../src/core/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'tribunal-preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (...p: string[]) => join(dir, ...p);

function refused(f: () => unknown, code: 'BAD_CONFIG' | 'UNAVAILABLE', pattern: RegExp): void {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(isTribunalError(err, code), String(err)).toBe(true);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).not.toMatch(/\n/);
}

const torchRun = (model: string, over: Record<string, unknown> = {}) => parseConfig({ engines: { policy: { backend: 'torch', model }, judge: { backend: 'rule' }, gold: { backend: 'rule' } }, ...over });

describe('preflight', () => {
  it('a model dir must exist and hold config.json and safetensors; tiny-random specs pass', () => {
    refused(() => preflightRun(torchRun(at('nope'))), 'BAD_CONFIG', /engines\.policy\.model: model dir .*nope does not exist: download the model there first/);
    mkdirSync(at('m'));
    refused(() => preflightRun(torchRun(at('m'))), 'BAD_CONFIG', /engines\.policy\.model: .*m has no config\.json/);
    writeFileSync(at('m', 'config.json'), '{}');
    refused(() => preflightRun(torchRun(at('m'))), 'BAD_CONFIG', /has no \*\.safetensors weights/);
    writeFileSync(at('m', 'model.safetensors'), '');
    expect(() => preflightRun(torchRun(at('m')))).not.toThrow();
    expect(() => preflightRun(torchRun('tiny-random:qwen2:1'))).not.toThrow();
    refused(() => preflightRun(torchRun(at('m'), { engines: { policy: { backend: 'torch', model: at('m'), adapter: at('m') }, judge: { backend: 'rule' }, gold: { backend: 'rule' } } })),
      'BAD_CONFIG', /engines\.policy\.adapter: .* holds no adapter_config\.json/);
  });

  it('a JSONL data file must exist and its first lines parse', () => {
    refused(() => preflightRun(parseConfig({ data: { source: 'jsonl', path: at('p.jsonl') } })), 'BAD_CONFIG', /data\.path: data file .*p\.jsonl does not exist/);
    writeFileSync(at('p.jsonl'), '{"prompt":"a"}\nnot json\n');
    refused(() => preflightRun(parseConfig({ data: { source: 'jsonl', path: at('p.jsonl') } })), 'BAD_CONFIG', /data\.path: .*p\.jsonl:2: not JSON/);
    writeFileSync(at('p.jsonl'), '{"prompt":"a"}\n{"prompt":"b"}\n');
    refused(() => preflightRun(parseConfig({ data: { source: 'jsonl', path: at('p.jsonl'), evalPath: at('e.jsonl') } })), 'BAD_CONFIG', /data\.evalPath: data file .*e\.jsonl does not exist/);
    expect(() => preflightRun(parseConfig({ data: { source: 'jsonl', path: at('p.jsonl') } }))).not.toThrow();
  });

  it('a judge template must exist with its placeholders; a named API key variable must be set', () => {
    const judge = (over: Record<string, unknown>) => parseConfig({ engines: { judge: { backend: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'j', ...over } } });
    refused(() => preflightRun(judge({ promptTemplate: at('none.txt') })), 'BAD_CONFIG', /engines\.judge\.promptTemplate: judge template .*none\.txt: cannot read/);
    writeFileSync(at('t.txt'), 'rate {response}');
    refused(() => preflightRun(judge({ promptTemplate: at('t.txt') })), 'BAD_CONFIG', /engines\.judge\.promptTemplate: judge template .*t\.txt lacks \{prompt\}/);
    refused(() => preflightRun(judge({ apiKeyEnv: 'TRIBUNAL_TEST_KEY_UNSET' }), {}), 'BAD_CONFIG', /engines\.judge\.apiKeyEnv: the variable TRIBUNAL_TEST_KEY_UNSET is not set: export TRIBUNAL_TEST_KEY_UNSET=/);
    expect(() => preflightRun(judge({ apiKeyEnv: 'K' }), { K: 'secret' })).not.toThrow();
    // The default variable may be unset: a vLLM started without --api-key takes any key.
    expect(() => preflightRun(judge({}), {})).not.toThrow();
  });

  it('a study: its torch base models, its preference file and template', () => {
    const sc = (study: Record<string, unknown>, base: Record<string, unknown> = {}) => ({ base: parseConfig(base), study: StudySection.parse(study) });
    refused(() => preflightStudy(sc({ backend: 'torch', torch: { judgeModel: at('nope') } })), 'BAD_CONFIG', /study\.torch\.judgeModel: model dir .*nope does not exist/);
    expect(() => preflightStudy(sc({ backend: 'torch', torch: { judgeModel: 'tiny-random:llama:1:testbed', policyModel: at('m') } }))).not.toThrow();
    const prefs = { backend: 'torch', data: { source: 'preferences', preferences: at('prefs.jsonl') } };
    const data = { data: { source: 'jsonl', path: at('p.jsonl') } };
    refused(() => preflightStudy(sc(prefs, data)), 'BAD_CONFIG', /study\.data\.preferences: .*prefs\.jsonl does not exist/);
    writeFileSync(at('prefs.jsonl'), '{"prompt":"p","chosen":"a"}\n');
    refused(() => preflightStudy(sc(prefs, data)), 'BAD_CONFIG', /study\.data\.preferences: .*prefs\.jsonl:1: rejected/);
    writeFileSync(at('prefs.jsonl'), '{"prompt":"p","chosen":"a","rejected":"b"}\n');
    refused(() => preflightStudy(sc({ ...prefs, judgeTemplate: at('t.txt') }, data)), 'BAD_CONFIG', /study\.judgeTemplate: .*lacks \{prompt\}/);
    expect(() => preflightStudy(sc(prefs, data))).not.toThrow();
  });

  it('--probe: a server that answers /models passes; a refused key and a dead server are one line each', async () => {
    const server = createServer((req, res) => {
      const ok = req.headers.authorization === 'Bearer good';
      res.writeHead(req.url === '/v1/models' ? (ok ? 200 : 401) : 404, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const cfg = parseConfig({ engines: { judge: { backend: 'openai', baseUrl: base, model: 'j', apiKeyEnv: 'K' } } });
      await expect(probeServers(runEngines(cfg), 2000, { K: 'good' })).resolves.toBeUndefined();
      await expect(probeServers(runEngines(cfg), 2000, { K: 'bad' })).rejects.toThrow(/engines\.judge\.apiKeyEnv: .*\/v1\/models refused the key in K \(HTTP 401\)/);
      const wrongPath = parseConfig({ engines: { judge: { backend: 'openai', baseUrl: `${base}/x`, model: 'j' } } });
      await expect(probeServers(runEngines(wrongPath), 2000, {})).rejects.toThrow(/answered HTTP 404: is it an OpenAI-compatible server/);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const dead = parseConfig({ actors: { gold: { replicas: 1 } }, engines: { gold: { backend: 'openai', baseUrl: base, model: 'g' } } });
    const err = await probeServers(runEngines(dead), 2000, {}).catch((e: unknown) => e);
    expect(isTribunalError(err, 'UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/engines\.gold\.baseUrl: .*\/models does not answer/);
  });
});
