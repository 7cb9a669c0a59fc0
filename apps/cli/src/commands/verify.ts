import type { VerifyReport } from '@heliosdb/dump-format';
import { dumpFailure } from '../dump-errors.js';
import { bytes, count, json, table } from '../format.js';
import type { CliCommand } from './command.js';

export const verifyCommand: CliCommand = {
  command: 'verify <file>',
  describe: 'Check every CRC32 and total of a .heliodump without restoring it',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'The dump file' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' }),
  async handler(args) {
    const file = args.file as string;
    const { verifyDump } = await import('@heliosdb/dump-format');
    let report: VerifyReport;
    try {
      report = await verifyDump(file, { allowTornTail: true });
    } catch (e) {
      throw dumpFailure(e, file, 'verify');
    }
    // A torn last segment is an interrupted append, not damage: the complete segments verified and
    // restore uses them; the next dump --append cuts it off.
    const torn = report.tornTail;
    if (torn)
      process.stderr.write(
        `heliosdb-nano: warning: ${file}: segment ${torn.segment} at offset ${torn.offset} is incomplete (an interrupted append; ${torn.bytes} bytes): ${torn.reason.replace(/^heliodump: /, '')}\n` +
          `hint: segments 1..${torn.segment - 1} are complete and restorable; the next dump --append cuts the incomplete one off\n`,
      );
    if (args.json) {
      process.stdout.write(json({ file, ok: true, ...report }));
      return 0;
    }
    let text = `${file}: OK, every CRC32 matches${torn ? ` in segments 1..${torn.segment - 1}` : ''}\n`;
    text += table([
      ['segments', count(report.segments.length)],
      ['blocks', count(report.blocks)],
      ['rows', count(report.rows)],
      ['uncompressed', bytes(report.uncompressedBytes)],
      ['compressed', bytes(report.compressedBytes)],
      ['file size', bytes(report.fileSize)],
    ]);
    for (const s of report.segments)
      text += `  segment ${s.index} (${s.dumpType}, ${s.codec}): ${count(s.blocks)} blocks, ${count(s.rows)} rows, ${count(s.tombstones)} deletes, CRC32 0x${(s.payloadCrc32 >>> 0).toString(16).padStart(8, '0')}\n`;
    process.stdout.write(text);
    return 0;
  },
};
