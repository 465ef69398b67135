import { describe, expect, it } from 'vitest';
import { isEnvelope, openEnvelope, sealEnvelope } from '../../src/bus/claim-check-envelope.ts';
import { encode } from '../../src/wire/codec.ts';
import { isTribunalError } from '../../src/core/errors.ts';

describe('claim-check envelope', () => {
  it('envelope - round-trips object name and size', () => {
    const e = sealEnvelope('abc-123', 5 << 20);
    expect(isEnvelope(e)).toBe(true);
    expect(openEnvelope(e)).toEqual({ object: 'abc-123', bytes: 5 << 20 });
    expect(e.length).toBeLessThan(64);
  });
  it('envelope - msgpack payloads and empty or large bytes are never envelopes', () => {
    for (const v of [0, 'x', { object: 'a', bytes: 1 }, [1, 2], null, new Uint8Array(10)]) {
      expect(isEnvelope(encode(v))).toBe(false);
    }
    expect(isEnvelope(new Uint8Array(0))).toBe(false);
    const big = new Uint8Array(4096);
    big.set(sealEnvelope('a', 1));
    expect(isEnvelope(big)).toBe(false);
  });
  it('envelope - a malformed body is BAD_MESSAGE', () => {
    const e = sealEnvelope('a', 1);
    const bad = new Uint8Array(e.length);
    bad.set(e.subarray(0, 5));
    bad.set(encode({ nope: true }).subarray(0, e.length - 5), 5);
    let err: unknown;
    try {
      openEnvelope(bad);
    } catch (x) {
      err = x;
    }
    expect(isTribunalError(err, 'BAD_MESSAGE')).toBe(true);
  });
});
