import type { CliCommand } from './command.js';
import { CliError } from '../cli-error.js';

export const demoCommand: CliCommand = {
  command: 'demo',
  describe: 'Create the sample shop database (customers, products, orders) in a new data directory',
  builder: (y) =>
    y
      .option('data-dir', { type: 'string', demandOption: true, describe: 'Directory to create (must not exist or be empty)' })
      .option('customers', { type: 'number', default: 2000, describe: 'Number of customers (orders are 3x)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' }),
  handler: async (args) => {
    const { existsSync, readdirSync } = await import('node:fs');
    const dir = args['data-dir'] as string;
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new CliError(`demo: ${dir} already exists and is not empty`, { hint: 'pick a new directory or remove it' });
    }
    const { createSampleDatabase } = await import('../demo/sample-database.js');
    const summary = await createSampleDatabase(dir, args.customers as number);
    if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else
      process.stdout.write(
        `created ${dir}: ${Object.entries(summary.tables)
          .map(([t, n]) => `${t} ${n} rows`)
          .join(', ')}\n`,
      );
    return 0;
  },
};
