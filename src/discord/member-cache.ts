// "Is this user still in the guild?" answers, cached per app instance: a README names a partner only while
// they are in the server, and without a cache every /nexus readme asked Discord once per partner.
import type { Clock, DiscordPort, MemberLookup } from '../context.js';

export interface MemberCacheOptions {
  /** How long an answer is trusted. Default 10 minutes. */
  ttlMs?: number;
  /** At most this many answers are kept (oldest dropped first). Default 5000. */
  maxEntries?: number;
}

interface Entry {
  at: number;
  answer: Promise<boolean | undefined>;
}

export class MemberCache implements MemberLookup {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly port: Pick<DiscordPort, 'isGuildMember'>,
    private readonly clock: Clock,
    opts: MemberCacheOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.maxEntries = Math.max(1, opts.maxEntries ?? 5000);
  }

  private fresh(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.clock.now().getTime() - e.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** True when asking about this member now costs no Discord request (a fresh or in-flight answer exists). */
  has(guildId: string, userId: string): boolean {
    return this.fresh(`${guildId}:${userId}`) !== undefined;
  }

  /**
   * Is the user still a member? Same contract as DiscordPort.isGuildMember (undefined = could not ask);
   * definite answers are cached, concurrent questions share one request, failures are not cached.
   */
  isGuildMember(guildId: string, userId: string): Promise<boolean | undefined> {
    const key = `${guildId}:${userId}`;
    const hit = this.fresh(key);
    if (hit) return hit.answer;
    const entry: Entry = { at: this.clock.now().getTime(), answer: Promise.resolve(undefined) };
    entry.answer = this.port.isGuildMember(guildId, userId).then(
      (answer) => {
        if (answer === undefined && this.entries.get(key) === entry) this.entries.delete(key);
        return answer;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        return undefined;
      },
    );
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry.answer;
  }

  get size(): number {
    return this.entries.size;
  }
}
