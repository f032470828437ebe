// The channel permissions Nexus needs, by name as Discord's settings show them, and what each is for.
// Pair threads need three: a private thread is created (Create Private Threads), both members are added and
// the kickoff and check-ins posted (Send Messages in Threads), and it is archived and locked when the
// pairing ends (Manage Threads).
import { PermissionFlagsBits } from 'discord-api-types/v10';

export interface NeededPermission {
  bit: bigint;
  name: string;
  why: string;
}

export const NEEDED_PERMISSIONS: readonly NeededPermission[] = [
  { bit: PermissionFlagsBits.ViewChannel, name: 'View Channel', why: 'see the Nexus channel' },
  { bit: PermissionFlagsBits.SendMessages, name: 'Send Messages', why: 'announcements, cards, requests, digest' },
  { bit: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', why: 'the cards in those posts' },
  { bit: PermissionFlagsBits.AttachFiles, name: 'Attach Files', why: "the digest's weekly chart" },
  { bit: PermissionFlagsBits.CreatePrivateThreads, name: 'Create Private Threads', why: "a pair's private thread" },
  {
    bit: PermissionFlagsBits.SendMessagesInThreads,
    name: 'Send Messages in Threads',
    why: 'add the pair, the kickoff and the check-ins',
  },
  {
    bit: PermissionFlagsBits.ManageThreads,
    name: 'Manage Threads',
    why: "archive and lock a pair's thread at the end",
  },
];

/** The steps of a pair's thread and the permission each needs (in bold, as replies name it). */
export const THREAD_STEP_PERMISSION = {
  create: '**Create Private Threads**',
  members: '**Send Messages in Threads**',
  post: '**Send Messages in Threads**',
  archive: '**Manage Threads**',
} as const;
export type ThreadStep = keyof typeof THREAD_STEP_PERMISSION;

/** The needed permissions missing from a permission bit set (the interaction's app_permissions). */
export function missingPermissions(
  app: bigint,
  needed: readonly NeededPermission[] = NEEDED_PERMISSIONS,
): NeededPermission[] {
  // Administrator implies every permission.
  if ((app & PermissionFlagsBits.Administrator) !== 0n) return [];
  return needed.filter((p) => (app & p.bit) === 0n);
}

/** What opening a pair's thread needs, for the check made before trying (when the bits are known). */
export const THREAD_OPENING: readonly NeededPermission[] = NEEDED_PERMISSIONS.filter(
  (p) => p.bit === PermissionFlagsBits.CreatePrivateThreads || p.bit === PermissionFlagsBits.SendMessagesInThreads,
);
