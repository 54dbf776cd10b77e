import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';

import type { AuditAnchor, AuditHead } from '../../core';

/** Fixed record size: one write of a whole sector-sized record cannot be torn on the file systems we run on. */
const RECORD_BYTES = 256;

/**
 * The audit chain's head, in a file beside (not inside) the log. Overwritten in place with a fixed-size
 * record, so each append costs one small positioned write rather than a create-and-rename.
 */
export function openAuditAnchorFile(path: string): AuditAnchor {
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  return {
    read() {
      const text = readFileSync(path, 'utf8').replace(/[\s\0]+$/, '');
      if (text === '') return undefined;
      const parsed = JSON.parse(text) as Partial<AuditHead>;
      if (typeof parsed.sequence !== 'number' || typeof parsed.hash !== 'string') {
        throw new Error(`audit anchor ${path} is not a {sequence, hash} record`);
      }
      return { sequence: parsed.sequence, hash: parsed.hash };
    },
    write(head: AuditHead) {
      const record = Buffer.alloc(RECORD_BYTES, ' ');
      record.write(JSON.stringify({ sequence: head.sequence, hash: head.hash }));
      writeSync(fd, record, 0, RECORD_BYTES, 0);
    },
    close() {
      closeSync(fd);
    },
  };
}
