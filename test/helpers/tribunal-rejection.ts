// The TribunalError a call was refused with; the test fails when it succeeds
// or fails with something else.
import { TribunalError } from '../../src/core/errors.ts';

export async function tribunalRejection(p: Promise<unknown>): Promise<TribunalError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TribunalError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}
