// The one codec on the data plane: msgpack via msgpackr, typed arrays kept
// typed (moreTypes). Knows nothing of schemas; see messages.ts for those.
import { Packr } from 'msgpackr';
import { TribunalError } from '../core/errors.ts';

const packr = new Packr({ moreTypes: true, useRecords: false, int64AsType: 'number' });

export function encode(value: unknown): Uint8Array {
  return packr.pack(value);
}

export function decode(bytes: Uint8Array): unknown {
  try {
    return packr.unpack(bytes);
  } catch (e) {
    throw new TribunalError('BAD_MESSAGE', `msgpack decode failed: ${(e as Error).message}`, { cause: e });
  }
}
