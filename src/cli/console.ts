// The local console: `npm start` without Discord credentials in a terminal. Same LINE syntax as `try`.
import readline from 'node:readline/promises';
import path from 'node:path';
import type { App } from '../app.js';
import type { RecordingRestCaller } from '../discord/port.js';
import type { Actor } from '../discord/payloads.js';
import { SNOWFLAKE } from '../domain/validate.js';
import { DEFAULTS, renderHuman, runLine, TRY_USAGE } from './try.js';

export async function runConsole(app: App, recorder: RecordingRestCaller, dataDir: string): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const actor: Actor = {
    guildId: DEFAULTS.guild,
    channelId: DEFAULTS.channel,
    userId: DEFAULTS.user,
    name: DEFAULTS.name,
    moderator: false,
  };
  const help = `Nexus local console. Type a LINE as in \`npm run try\`, or:
  .user ID [NAME]   act as another learner       .mod on|off   moderator permission
  .help             this text                     .exit         quit
Try: /nexus help`;
  console.log(help);
  try {
    for (;;) {
      let line: string;
      try {
        line = (await rl.question(`${actor.name}${actor.moderator ? ' (mod)' : ''}> `)).trim();
      } catch {
        break; // stdin closed
      }
      if (!line) continue;
      if (line === '.exit' || line === '.quit') break;
      if (line === '.help') {
        console.log(help + '\n' + TRY_USAGE);
        continue;
      }
      const user = /^\.user\s+(\S+)(?:\s+(.+))?$/.exec(line);
      if (user && SNOWFLAKE.test(user[1]!)) {
        actor.userId = user[1]!;
        actor.name = user[2] ?? `user${actor.userId.slice(-4)}`;
        continue;
      }
      const mod = /^\.mod\s+(on|off)$/.exec(line);
      if (mod) {
        actor.moderator = mod[1] === 'on';
        continue;
      }
      const r = await runLine(app, recorder, line, actor);
      console.log(renderHuman(r, path.join(dataDir, 'files')));
    }
  } finally {
    rl.close();
  }
}
