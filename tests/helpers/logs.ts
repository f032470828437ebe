// A logger whose output tests can read.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export function captureLogs(level = 'debug'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({
    level,
    destination: new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  });
  return { log, lines };
}
