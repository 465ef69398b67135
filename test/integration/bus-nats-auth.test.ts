import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from 'nats';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NATS_CREDS_ENV, connectWithRetry, redactUrl, splitUrlAuth } from '../../src/bus/nats-connect.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { startNats } from '../../src/testing/nats-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'tribunal-nats-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const savedEnv = process.env[NATS_CREDS_ENV];
afterEach(() => {
  if (savedEnv === undefined) delete process.env[NATS_CREDS_ENV];
  else process.env[NATS_CREDS_ENV] = savedEnv;
});

/** A .creds file as nsc writes it. The server below runs without an operator, so only the seed's signature is checked. */
function writeCreds(name: string, seed: string): string {
  const path = join(dir, name);
  writeFileSync(path, [
    '-----BEGIN NATS USER JWT-----', 'eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln', '------END NATS USER JWT------', '',
    '************************* IMPORTANT *************************', '',
    '-----BEGIN USER NKEY SEED-----', seed, '------END USER NKEY SEED------', '',
  ].join('\n'));
  return path;
}

const seedOf = (kp: ReturnType<typeof nkeys.createUser>) => new TextDecoder().decode(kp.getSeed());

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!isTribunalError(e)) throw new Error(`expected a TribunalError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

const quick = { giveUpMs: 2000, connectTimeoutMs: 1000, onRetry: () => {} };

describe('nats auth', () => {
  it('nats auth - a missing creds file is BAD_CONFIG naming the path, before any connect', async () => {
    const path = join(dir, 'nope.creds');
    // Port 1: nothing listens; the error must come from the file, not from retries.
    const f = await failure(connectWithRetry({ url: 'nats://127.0.0.1:1', credsFile: path, ...quick }));
    expect(f.code).toBe('BAD_CONFIG');
    expect(f.message).toContain(path);
    expect(f.message).toMatch(/cannot read/);
  });

  it('nats auth - TRIBUNAL_NATS_CREDS names the file when the option does not', async () => {
    const path = join(dir, 'from-env.creds');
    process.env[NATS_CREDS_ENV] = path;
    const f = await failure(connectWithRetry({ url: 'nats://127.0.0.1:1', ...quick }));
    expect(f).toMatchObject({ code: 'BAD_CONFIG' });
    expect(f.message).toContain(path);
  });

  it('nats auth - a file without JWT and seed blocks is BAD_CONFIG naming the path', async () => {
    const path = join(dir, 'garbage.creds');
    writeFileSync(path, 'user=u\npassword=p\n');
    const f = await failure(connectWithRetry({ url: 'nats://127.0.0.1:1', credsFile: path, ...quick }));
    expect(f.code).toBe('BAD_CONFIG');
    expect(f.message).toContain(path);
    expect(f.message).toMatch(/not a usable \.creds file/);
  });

  it('nats auth - a creds file authenticates against a server with nkey users; a wrong seed is refused', async () => {
    const user = nkeys.createUser();
    const conf = join(dir, 'nkey-users.conf');
    writeFileSync(conf, `authorization { users = [ { nkey: "${user.getPublicKey()}" } ] }\n`);
    await using nats = await startNats({ args: ['-c', conf] });
    const good = writeCreds('good.creds', seedOf(user));
    const nc = await connectWithRetry({ url: nats.url, credsFile: good, ...quick });
    await nc.flush();
    expect(nc.info?.auth_required).toBe(true);
    await nc.close();

    const wrong = writeCreds('wrong.creds', seedOf(nkeys.createUser()));
    const f = await failure(connectWithRetry({ url: nats.url, credsFile: wrong, ...quick }));
    expect(f.code).toBe('BAD_CONFIG');
    expect(f.message).toContain(`credentials ${wrong}`);
    const anon = await failure(connectWithRetry({ url: nats.url, ...quick }));
    expect(anon.code).toBe('BAD_CONFIG');
  });

  it('nats auth - user and password in the URL work, and the password never reaches the error', async () => {
    await using nats = await startNats({ args: ['--user', 'tribunal', '--pass', 's3cret'] });
    const port = new URL(nats.url).port;
    const nc = await connectWithRetry({ url: `nats://tribunal:s3cret@127.0.0.1:${port}`, ...quick });
    await nc.flush();
    await nc.close();
    const f = await failure(connectWithRetry({ url: `nats://tribunal:wrong-pass@127.0.0.1:${port}`, ...quick }));
    expect(f.code).toBe('BAD_CONFIG');
    expect(f.message).not.toContain('wrong-pass');
    expect(f.message).toContain('nats://tribunal:***@127.0.0.1');
  });

  it('nats auth - redactUrl hides passwords and tokens, keeps everything else', () => {
    expect(redactUrl('nats://u:p@h:4222')).toBe('nats://u:***@h:4222');
    expect(redactUrl('nats://a:x@h1:4222,nats://b:y@h2:4222')).toBe('nats://a:***@h1:4222,nats://b:***@h2:4222');
    expect(redactUrl('nats://h:4222')).toBe('nats://h:4222');
    expect(redactUrl('nats://token@h:4222')).toBe('nats://***@h:4222'); // tribunal run's private server takes a token
  });
});

describe('nats url auth', () => {
  it('nats url auth - splitUrlAuth takes user/pass or a token out of the URLs', () => {
    expect(splitUrlAuth('nats://u:p%40ss@h:4222')).toEqual({ servers: ['nats://h:4222'], user: 'u', pass: 'p@ss' });
    expect(splitUrlAuth('nats://tok@h1:4222, nats://h2:4222')).toEqual({ servers: ['nats://h1:4222', 'nats://h2:4222'], token: 'tok' });
    expect(splitUrlAuth('nats://h:4222')).toEqual({ servers: ['nats://h:4222'] });
  });
});
