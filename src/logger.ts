import { pino, type Logger } from 'pino';
import { createRequire } from 'node:module';

export type { Logger };

/** Paths that may carry secrets: bot token, Authorization headers, interaction tokens. */
export const REDACT_PATHS = [
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

export function createLogger(opts: { level: string; pretty?: boolean; destination?: pino.DestinationStream }): Logger {
  const base: pino.LoggerOptions = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'nexus' },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (opts.pretty && prettyAvailable()) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  }
  // Logs go to stderr so that stdout stays clean for `try --json` and other machine-read output.
  return pino(base, pino.destination(2));
}
