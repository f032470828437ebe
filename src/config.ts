// The only reader of process.env. Every variable is parsed with zod; a bad value is reported by name with
// what is expected, and secret values are never echoed back.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { SNOWFLAKE } from './snowflake.js';

const snowflake = z.string().regex(SNOWFLAKE, 'a Discord id (17 to 20 digits)');
const optionalText = (schema: z.ZodType<string>) => schema.optional();
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  DISCORD_TOKEN: optionalText(z.string().min(50, 'a bot token (Developer Portal → Bot → Reset Token)')),
  DISCORD_APPLICATION_ID: optionalText(snowflake),
  DISCORD_PUBLIC_KEY: optionalText(z.string().regex(/^[0-9a-f]{64}$/i, 'a 64-character hex public key')),
  DISCORD_GUILD_ID: optionalText(snowflake),
  DISCORD_API_BASE: optionalText(z.string().url('an http(s) URL such as http://127.0.0.1:8080/api')),
  DATABASE_URL: optionalText(z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// connection URL')),
  NEXUS_DATA_DIR: z.string().min(1).default('.nexus'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  NEXUS_TRANSPORT: z.enum(['gateway', 'http'], { error: 'gateway or http' }).default('gateway'),
  PORT: z.coerce
    .number({ error: 'a port number 0-65535' })
    .int('a port number 0-65535')
    .min(0, 'a port number 0-65535')
    .max(65535, 'a port number 0-65535')
    .default(8080),
  NEXUS_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'a whole number 1-10000' })
    .int('a whole number 1-10000')
    .min(1, 'a whole number 1-10000')
    .max(10_000, 'a whole number 1-10000')
    .default(20),
  NODE_ENV: z.string().default('development'),
});

/** Variables whose values must never appear in an error message or a log line. */
const SECRET_VARIABLES = new Set(['DISCORD_TOKEN', 'DATABASE_URL']);

export interface Config {
  discordToken: string | undefined;
  applicationId: string | undefined;
  publicKey: string | undefined;
  guildId: string | undefined;
  apiBase: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  transport: 'gateway' | 'http';
  port: number;
  rateLimitPerMinute: number;
  pretty: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Loads ./.env into process.env when the file exists (variables already set win). */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty value (as .env.example leaves them) means unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const expected = issue.message;
      // zod messages never contain the input value, but say so explicitly for secrets.
      return SECRET_VARIABLES.has(name)
        ? `${name}: expected ${expected} (value hidden)`
        : `${name}: expected ${expected}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    discordToken: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    publicKey: e.DISCORD_PUBLIC_KEY,
    guildId: e.DISCORD_GUILD_ID,
    apiBase: e.DISCORD_API_BASE,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.NEXUS_DATA_DIR,
    logLevel: e.LOG_LEVEL,
    transport: e.NEXUS_TRANSPORT,
    port: e.PORT,
    rateLimitPerMinute: e.NEXUS_RATE_LIMIT_PER_MINUTE,
    pretty: e.NODE_ENV !== 'production' && Boolean(process.stdout.isTTY),
  };
}

/** What `npm start` needs to connect to Discord, with where to find each value. */
export function missingDiscordCredentials(config: Config): string[] {
  const missing: string[] = [];
  if (!config.discordToken) missing.push('DISCORD_TOKEN (Developer Portal → your application → Bot → Reset Token)');
  if (!config.applicationId)
    missing.push('DISCORD_APPLICATION_ID (Developer Portal → your application → General Information → Application ID)');
  if (config.transport === 'http' && !config.publicKey)
    missing.push('DISCORD_PUBLIC_KEY (Developer Portal → General Information → Public Key)');
  return missing;
}
