// postgres.js 3.4.9 can crash the whole process when a connection closes with a small write still queued:
// nextWrite() then runs on a null socket from a setImmediate, where no caller can catch it
// (porsager/postgres#1154, #1208; fix proposed in #1209, not released). Nexus keeps a connection reserved
// for each writing interaction's transaction, so a database restart mid-transaction hits it. This applies
// the proposed guard to the installed copy: the queued write is dropped and its queries are rejected with
// CONNECTION_CLOSED (which Nexus answers as "temporarily unavailable"). Idempotent; run by `npm install`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = 'nexus-patch: null socket';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'postgres');
let patched = 0;
for (const dir of ['src', 'cjs/src', 'cf/src']) {
  const file = path.join(root, dir, 'connection.js');
  if (!fs.existsSync(file)) continue;
  let s = fs.readFileSync(file, 'utf8');
  if (s.includes(MARK)) continue;
  const before = s;
  s = s.replace(
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    `  function nextWrite(fn) {
    if (socket === null) { // ${MARK}
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`,
  );
  // Teardown cancels the queued write: forget it too, so a reused connection can schedule writes again.
  s = s.replaceAll(
    '    clearImmediate(nextWriteTimer)\n',
    '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n',
  );
  if (s === before || !s.includes(MARK)) {
    console.warn(`patch-postgres: ${path.relative(process.cwd(), file)} has changed upstream; not patched`);
    continue;
  }
  fs.writeFileSync(file, s);
  patched++;
}
if (patched) console.log(`patch-postgres: guarded postgres.js nextWrite in ${patched} file(s)`);
