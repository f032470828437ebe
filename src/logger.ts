import { pino, type Logger } from 'pino';
import { createRequire } from 'node:module';

export type { Logger };

/** Paths that may carry secrets: bot token, Authorization headers, interaction tokens. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'interaction.token',
  'discordToken',
  '*.discordToken',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'databaseUrl',
  '*.databaseUrl',
  // @discordjs/rest errors carry the request URL (interaction and webhook routes embed the interaction token).
  'err.url',
  'err.requestBody',
  '*.err.url',
  '*.err.requestBody',
];

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Properties of database errors that carry the statement's values (user text): never logged. */
const VALUE_FIELDS = ['params', 'parameters', 'args', 'detail', 'where'];

/**
 * pino's error serializer, minus the values of a failed statement: Drizzle puts them in its message
 * ("params: …"), drivers in `parameters`/`detail`. The statement text and the SQLSTATE stay (they say what
 * failed without saying what the learner wrote), and so do causes, cleaned the same way.
 */
function safeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) || depth > 5) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const strip = (text: unknown) =>
    typeof text === 'string' ? text.replace(/\nparams: [^\n]*/g, '\nparams: [not logged]') : text;
  out.message = strip(out.message);
  out.stack = strip(out.stack);
  for (const f of VALUE_FIELDS) delete out[f];
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined) out.cause = safeError(cause, depth + 1);
  return out;
}

export function createLogger(opts: { level: string; pretty?: boolean; destination?: pino.DestinationStream }): Logger {
  const base: pino.LoggerOptions = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: safeError },
    base: { app: 'nexus' },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (opts.pretty && prettyAvailable()) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  }
  // Logs go to stderr so that stdout stays clean for `try --json` and other machine-read output.
  return pino(base, pino.destination(2));
}
