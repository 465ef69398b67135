// One error type for the whole runtime. A code names what went wrong; one
// table maps each code to its gRPC status, its NATS header and its exit code.

export type TribunalErrorCode =
  | 'BAD_CONFIG'
  | 'BAD_MESSAGE'
  | 'TOO_LARGE'
  | 'STALE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'BAD_WEIGHTS'
  | 'ENGINE'
  | 'UNAUTHENTICATED'
  | 'INTERNAL';

interface CodeInfo {
  /** gRPC status code (see @grpc/grpc-js `status`). */
  grpc: number;
  /** Process exit code when this error ends a command. */
  exit: number;
}

export const ERROR_CODES: Record<TribunalErrorCode, CodeInfo> = {
  BAD_CONFIG: { grpc: 3, exit: 2 }, // INVALID_ARGUMENT
  BAD_MESSAGE: { grpc: 3, exit: 1 },
  TOO_LARGE: { grpc: 8, exit: 1 }, // RESOURCE_EXHAUSTED
  STALE: { grpc: 9, exit: 1 }, // FAILED_PRECONDITION
  NOT_FOUND: { grpc: 5, exit: 1 },
  CONFLICT: { grpc: 6, exit: 1 }, // ALREADY_EXISTS
  UNAVAILABLE: { grpc: 14, exit: 3 },
  TIMEOUT: { grpc: 4, exit: 3 }, // DEADLINE_EXCEEDED
  BAD_WEIGHTS: { grpc: 3, exit: 1 },
  ENGINE: { grpc: 13, exit: 1 },
  UNAUTHENTICATED: { grpc: 16, exit: 2 }, // the caller's credentials are missing or wrong: fix the config
  INTERNAL: { grpc: 13, exit: 1 },
};

const BY_GRPC = new Map<number, TribunalErrorCode>(
  (Object.entries(ERROR_CODES) as [TribunalErrorCode, CodeInfo][])
    .filter(([code]) => code !== 'BAD_MESSAGE' && code !== 'BAD_WEIGHTS' && code !== 'INTERNAL')
    .map(([code, info]) => [info.grpc, code]),
);

export class TribunalError extends Error {
  readonly code: TribunalErrorCode;
  constructor(code: TribunalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TribunalError';
    this.code = code;
  }

  get grpcStatus(): number {
    return ERROR_CODES[this.code].grpc;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  /** The NATS header value that carries this error across the bus. */
  toHeader(): string {
    return `${this.code}: ${this.message}`;
  }

  static fromHeader(value: string): TribunalError {
    const i = value.indexOf(': ');
    const code = value.slice(0, i) as TribunalErrorCode;
    return code in ERROR_CODES
      ? new TribunalError(code, value.slice(i + 2))
      : new TribunalError('INTERNAL', value);
  }

  static fromGrpc(status: number, details: string, cause?: unknown): TribunalError {
    const prefixed = /^([A-Z_]+): (.*)$/s.exec(details);
    if (prefixed && prefixed[1] in ERROR_CODES) {
      return new TribunalError(prefixed[1] as TribunalErrorCode, prefixed[2], { cause });
    }
    return new TribunalError(BY_GRPC.get(status) ?? 'INTERNAL', details, { cause });
  }
}

export function isTribunalError(e: unknown, code?: TribunalErrorCode): e is TribunalError {
  return e instanceof TribunalError && (code === undefined || e.code === code);
}

/** One line for a human: the message, without a stack. */
export function oneLine(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0];
  return String(e);
}
