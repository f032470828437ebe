// The "Request to pair" button, built here for every message that carries it (announcements, /project show,
// /pair find) and handled by pair/request.ts under the same prefix.
import { ButtonStyle } from 'discord-api-types/v10';
import { button } from '../ui.js';

export const REQUEST_PREFIX = 'pair:request';

export function requestButton(projectId: number, label = 'Request to pair') {
  return button(`${REQUEST_PREFIX}:${projectId}`, label, ButtonStyle.Primary);
}
