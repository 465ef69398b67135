// The claim-check envelope: a magic prefix, then msgpack { object, bytes }.
// 0xc1 is the one byte msgpack never uses, so no msgpack payload starts like this.
import { decode, encode } from '../wire/codec.ts';
import { TribunalError } from '../core/errors.ts';

const MAGIC = Uint8Array.of(0xc1, 0x54, 0x43, 0x43, 0x31); // 0xc1 "TCC1"

export interface Envelope {
  /** Object store name holding the payload. */
  object: string;
  /** Payload size, bytes. */
  bytes: number;
}

export function isEnvelope(data: Uint8Array): boolean {
  if (data.length <= MAGIC.length || data.length > 512) return false;
  for (let i = 0; i < MAGIC.length; i++) if (data[i] !== MAGIC[i]) return false;
  return true;
}

export function sealEnvelope(object: string, bytes: number): Uint8Array {
  const body = encode({ object, bytes } satisfies Envelope);
  const out = new Uint8Array(MAGIC.length + body.length);
  out.set(MAGIC);
  out.set(body, MAGIC.length);
  return out;
}

/** The envelope's fields; BAD_MESSAGE when it is not one Tribunal sealed. */
export function openEnvelope(data: Uint8Array): Envelope {
  let e: Partial<Envelope> | undefined;
  try {
    e = decode(data.subarray(MAGIC.length)) as Partial<Envelope>;
  } catch (err) {
    throw new TribunalError('BAD_MESSAGE', `claim-check envelope of ${data.length} bytes does not decode: ${(err as Error).message}`);
  }
  if (typeof e?.object !== 'string' || e.object.length === 0 || typeof e.bytes !== 'number') {
    throw new TribunalError('BAD_MESSAGE', 'claim-check envelope without object name or size');
  }
  return { object: e.object, bytes: e.bytes };
}
