// Errors every layer may raise or inspect: a user's fixable mistake, and what a database error means.

/** An error the user can fix: shown to them, ephemeral, as is. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** The error and its causes, outermost first (drivers wrap: drizzle's error has the driver's as `cause`). */
function* errorChain(err: unknown, maxDepth = 8): Generator<object> {
  const seen = new Set<unknown>();
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && !seen.has(e) && depth < maxDepth; depth++) {
    seen.add(e);
    yield e;
    e = (e as { cause?: unknown }).cause;
  }
}

/** The SQLSTATE (or driver code) of a database error, from the error or any of its causes. */
export function errorCode(err: unknown): string | undefined {
  for (const e of errorChain(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** A unique constraint refused the write (23505); `constraint` narrows it to one index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (const e of errorChain(err)) {
    const x = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (x.code === '23505') return !constraint || x.constraint_name === constraint || x.constraint === constraint;
  }
  return false;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** Is this error the database being unreachable / restarting (as opposed to a bug)? */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of errorChain(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (CONNECTION_CODES.has(code)) return true;
    // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions
    if (code.startsWith('08') || code.startsWith('57P')) return true;
  }
  return false;
}
