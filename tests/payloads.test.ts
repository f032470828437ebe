import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { commandDefinitions } from '../src/commands/index.js';
import { LineError, parseCommandLine, tokenize } from '../src/discord/payloads.js';

describe('command lines', () => {
  it('tokenizes quoted values', () => {
    expect(tokenize(`/profile set availability:"weekdays 18-22" stack:'a, b' x:\\"y`)).toEqual([
      '/profile',
      'set',
      'availability:weekdays 18-22',
      'stack:a, b',
      'x:"y',
    ]);
    expect(() => tokenize('/x a:"open')).toThrow(LineError);
  });

  it('builds the option tree Discord sends', () => {
    const p = parseCommandLine('/profile set role:backend seeking:true timezone:UTC', commandDefinitions());
    expect(p.name).toBe('profile');
    expect(p.options).toEqual([
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'set',
        options: [
          { name: 'role', type: ApplicationCommandOptionType.String, value: 'backend' },
          { name: 'seeking', type: ApplicationCommandOptionType.Boolean, value: true },
          { name: 'timezone', type: ApplicationCommandOptionType.String, value: 'UTC' },
        ],
      },
    ]);
  });

  it('resolves user options given as <@id> or an id', () => {
    const p = parseCommandLine('/profile show user:<@123456789012345678>', commandDefinitions());
    expect(p.resolved.users?.['123456789012345678']?.id).toBe('123456789012345678');
  });

  it('refuses what the Discord client would refuse', () => {
    const defs = commandDefinitions();
    expect(() => parseCommandLine('/profile', defs)).toThrow(/needs a subcommand: set\|show/);
    expect(() => parseCommandLine('/profile set colour:red', defs)).toThrow(/unknown option colour/);
    expect(() => parseCommandLine('/profile set role:designer', defs)).toThrow(
      /must be one of: backend, frontend, fullstack/,
    );
    expect(() => parseCommandLine('/profile set seeking:maybe', defs)).toThrow(/true or false/);
    expect(() => parseCommandLine('/profile show user:bob', defs)).toThrow(/user id/);
    expect(() => parseCommandLine('/nope', defs)).toThrow(/unknown command/);
  });
});
