import type { InspectReport } from '@heliosdb/dump-format';
import { dumpFailure } from '../dump-errors.js';
import { bytes, count, json } from '../format.js';
import type { CliCommand } from './command.js';

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export const inspectCommand: CliCommand = {
  command: 'inspect <file>',
  describe: 'List a .heliodump\'s segments and tables with row counts, without restoring it',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'The dump file' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the listing as JSON' }),
  async handler(args) {
    const file = args.file as string;
    const { inspectDump } = await import('@heliosdb/dump-format');
    let report: InspectReport;
    try {
      report = await inspectDump(file);
    } catch (e) {
      throw dumpFailure(e, file, 'inspect');
    }
    if (args.json) {
      process.stdout.write(
        json({
          file,
          formatVersion: report.formatVersion,
          fileSize: report.fileSize,
          segments: report.segments.map((s, i) => ({
            index: s.index,
            offset: s.offset,
            length: s.length,
            codec: report.codecs[i],
            ...s.metadata,
            blocks: s.blocks,
            trailer: s.trailer,
          })),
          tornTail: report.tornTail && { segment: report.tornTail.segment, offset: report.tornTail.offset, bytes: report.tornTail.bytes, reason: report.tornTail.error.message },
        }),
      );
      return 0;
    }
    let text = `${file}: .heliodump format ${report.formatVersion}, ${bytes(report.fileSize)}, ${report.segments.length} segment(s)\n`;
    report.segments.forEach((s, i) => {
      const m = s.metadata;
      const t = s.trailer;
      text += `\nsegment ${s.index}: ${m.dumpType}, created ${m.createdAt.toISOString()}, database ${m.databaseId}\n`;
      text += `  LSN ${m.dumpType === 'full' ? m.endLsn : `${m.baseLsn}..${m.endLsn}`}, codec ${report.codecs[i]}${report.codecs[i] === 'none' ? '' : ` level ${m.codecLevel}`}, ${count(s.blocks)} blocks of up to ${bytes(m.blockSize)}, row format ${m.rowFormatVersion}, written by ${m.toolVersion || '(unknown)'}\n`;
      text += `  ${count(t.totalRows)} rows, ${count(t.totalTombstones)} deletes, ${bytes(t.uncompressedSize)} -> ${bytes(t.compressedSize)}, payload CRC32 ${hex(t.payloadCrc32)}, at offset ${s.offset} (${bytes(s.length)})\n`;
      const width = Math.max(0, ...t.tables.map((x) => `${x.schema}.${x.name}`.length));
      for (const x of t.tables)
        text += `    ${`${x.schema}.${x.name}`.padEnd(width)}  ${x.mode.padEnd(7)}  ${count(x.rows).padStart(11)} rows${x.mode === 'delta' ? `  ${count(x.tombstones)} deletes` : ''}\n`;
      if (t.tables.length === 0) text += '    (no table sections)\n';
    });
    if (report.tornTail)
      text += `\nincomplete segment ${report.tornTail.segment} at offset ${report.tornTail.offset} (${bytes(report.tornTail.bytes)}): ${report.tornTail.error.message}\n  an append was interrupted; the next dump --append cuts it off\n`;
    process.stdout.write(text);
    return 0;
  },
};
