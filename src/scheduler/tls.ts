// TLS for the scheduler's gRPC port, from PEM files named in the environment
// (a Kubernetes TLS Secret mounted in every pod): the scheduler serves with
// TRIBUNAL_SCHEDULER_TLS_CERT and _KEY; clients verify it against
// TRIBUNAL_SCHEDULER_TLS_CA (the server name checked is the address's host,
// or TRIBUNAL_SCHEDULER_TLS_SERVER_NAME). None set: plaintext, as on the
// loopback of `tribunal run`. With the token (auth.ts) this is what keeps the
// control plane to the run's own processes over a network.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { TribunalError, oneLine } from '../core/errors.ts';

export const TLS_ENV = {
  cert: 'TRIBUNAL_SCHEDULER_TLS_CERT',
  key: 'TRIBUNAL_SCHEDULER_TLS_KEY',
  ca: 'TRIBUNAL_SCHEDULER_TLS_CA',
  serverName: 'TRIBUNAL_SCHEDULER_TLS_SERVER_NAME',
} as const;

function pem(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const path = env[name];
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `${name}=${path}: cannot read it: ${oneLine(e)}`);
  }
}

/** The server's credentials: TLS when a cert and key are named, plaintext when neither is. */
export function serverCredentials(env: NodeJS.ProcessEnv = process.env): { creds: grpc.ServerCredentials; tls: boolean } {
  const cert = pem(env, TLS_ENV.cert);
  const key = pem(env, TLS_ENV.key);
  if (!cert && !key) return { creds: grpc.ServerCredentials.createInsecure(), tls: false };
  if (!cert || !key) throw new TribunalError('BAD_CONFIG', `scheduler TLS needs both ${TLS_ENV.cert} and ${TLS_ENV.key}`);
  return { creds: grpc.ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }], false), tls: true };
}

/** The client's credentials and channel options: TLS verified against the CA when one is named. */
export function clientCredentials(env: NodeJS.ProcessEnv = process.env): { creds: grpc.ChannelCredentials; options: grpc.ChannelOptions } {
  const ca = pem(env, TLS_ENV.ca);
  if (!ca) return { creds: grpc.credentials.createInsecure(), options: {} };
  const serverName = env[TLS_ENV.serverName];
  return { creds: grpc.credentials.createSsl(ca), options: serverName ? { 'grpc.ssl_target_name_override': serverName } : {} };
}
