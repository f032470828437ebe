// What the bot sends, checked against Discord's official OpenAPI spec: the command definitions PUT by
// `npm run register`, the messages it posts, and its interaction callback bodies.
import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../src/commands/index.js';
import { describeEachDatabase } from './helpers/db.js';
import { createHarness, MOD } from './helpers/harness.js';
import { specSchema, validate } from './helpers/openapi.js';

describe('command definitions vs the Discord spec', () => {
  it('every definition is a valid ApplicationCommandCreateRequest', () => {
    const schema = specSchema('ApplicationCommandCreateRequest');
    for (const def of commandDefinitions()) {
      expect(validate(def, schema, `/${def.name}`)).toEqual([]);
    }
  });

  it('the checker itself refuses what Discord refuses', () => {
    const schema = specSchema('ApplicationCommandCreateRequest');
    expect(validate({ name: 'x'.repeat(33), description: 'd' }, schema).length).toBeGreaterThan(0);
    expect(validate({ name: 'x', description: 'd'.repeat(101) }, schema).length).toBeGreaterThan(0);
    expect(
      validate(
        {
          name: 'x',
          description: 'd',
          options: Array.from({ length: 26 }, (_, i) => ({ type: 5, name: `o${i}`, description: 'd' })),
        },
        schema,
      ).length,
    ).toBeGreaterThan(0);
  });
});

describeEachDatabase('what the bot sends vs the Discord spec', (use) => {
  it('posted messages are valid MessageCreateRequests and callbacks valid callback requests', async () => {
    const h = await createHarness(use(), { now: new Date('2026-12-01T10:00:00Z') });
    const mod = { userId: MOD, moderator: true };
    const lines: Array<[string, Partial<Parameters<typeof h.actor>[0]>?]> = [
      ['/nexus-admin config set digest_channel:<#800000000000000050>', mod],
      ['/profile set role:backend stack:django timezone:Africa/Lagos'],
      [
        '/project announce name:"Airbnb clone" summary:"**API** @everyone" stack:django repo:https://github.com/a/b role:backend seeking:frontend',
      ],
      [
        '/project announce name:"airbnb-clone" summary:"UI" role:frontend seeking:backend',
        { userId: '100000000000000002' },
      ],
      ['/pair find'],
      ['click pair:request:2'],
      ['click pair:accept:1', { userId: '100000000000000002' }],
      ['modal challenge:log title:"CORS" problem:"blocked" solution:"allow origin" tags:"cors, django"'],
      ['/challenge search query:cors'],
      ['/nexus readme'],
      ['/nexus-admin digest post', mod],
      ['/challenge log'],
      ['complete /profile set timezone:lag'],
    ];
    const message = specSchema('MessageCreateRequest');
    const callbacks: Record<number, string> = {
      4: 'CreateMessageInteractionCallbackRequest',
      7: 'UpdateMessageInteractionCallbackRequest',
      9: 'ModalInteractionCallbackRequest',
    };
    let checked = 0;
    for (const [line, as] of lines) {
      const r = await h.run(line, as);
      for (const c of r.posted.filter((p) => p.method === 'POST' && /^\/channels\/\d+\/messages$/.test(p.path))) {
        expect(validate(c.body, message, `${line} → ${c.path}`)).toEqual([]);
        checked++;
      }
      const type = r.response?.type;
      if (type !== undefined && callbacks[type]) {
        expect(validate(r.response, specSchema(callbacks[type]), line)).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
