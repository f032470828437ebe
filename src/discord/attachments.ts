// The `attachments` array Discord expects beside uploaded files: one entry per file, in upload order
// (`files[i]` is attachment `i`), with its alt text when it has one.
import type { Attachment } from '../context.js';

export function attachmentsOf(
  files: readonly Attachment[],
): Array<{ id: string; filename: string; description?: string }> {
  return files.map((f, i) => ({
    id: String(i),
    filename: f.name,
    ...(f.description ? { description: f.description.slice(0, 1024) } : {}),
  }));
}
