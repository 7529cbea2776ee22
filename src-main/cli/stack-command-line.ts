/**
 * The `maclog stack` subcommands and their options (the work is in stack-command.ts).
 */
import { Argument, Command, Option } from 'commander';
import { STACK_MODES, STACK_SERVICES, type StackService } from '../../src-shared/stack.js';
import type { StackCommandOptions } from './stack-command.js';

/** The subcommands' work, imported when one runs (it brings the Docker client). */
type StackCommands = typeof import('./stack-command.js');

function stackOptions(cmd: Command): Command {
  return cmd
    .option('--settings <file>', 'stack settings as JSON (ports, images, retention, mode, ...)')
    .addOption(new Option('--mode <mode>', 'how to run the stack').choices(STACK_MODES))
    .option('--engine <host>', 'engine address, e.g. unix:///run/podman/podman.sock')
    .option('--data-dir <dir>', 'where native mode keeps its files (default: per-user data)');
}

/** Runs a subcommand; its failure becomes a message on stderr and exit code 1. */
function run<A extends unknown[]>(work: (commands: StackCommands, ...args: A) => Promise<number>) {
  return async (...args: A) => {
    try {
      const commands = await import('./stack-command.js');
      process.exitCode = await work(commands, ...args);
    } catch (error) {
      console.error(`maclog stack: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  };
}

export function addStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('the Loki, Prometheus and Grafana stack the app runs (or uses)');

  stackOptions(stack.command('up'))
    .description('pull, create and start what is missing, and wait until all are ready')
    .option('--watch', 'then stay, and bring back a crashed or removed container (managed)')
    .action(run((c, opts: StackCommandOptions & { watch?: boolean }) => c.stackUp(opts)));

  stackOptions(stack.command('down'))
    .description('stop the services (data is kept)')
    .option('--remove', 'also remove the containers and the network')
    .option('--volumes', 'also remove the data volumes (everything imported is lost)')
    .action(run((c, opts: StackCommandOptions & { remove?: boolean }) => c.stackDown(opts)));

  stackOptions(stack.command('status'))
    .description('state of each service; exit code 1 unless all are ready')
    .option('--json', 'print as JSON')
    .action(run((c, opts: StackCommandOptions & { json?: boolean }) => c.stackStatus(opts)));

  stackOptions(stack.command('logs'))
    .description("a service's output")
    .addArgument(new Argument('<service>', 'loki, prometheus or grafana').choices(STACK_SERVICES))
    .option('-f, --follow', 'keep printing new lines')
    .option('--tail <n>', 'only the last n lines', (v) => Number(v))
    .action(
      run(
        (
          c,
          service: StackService,
          opts: StackCommandOptions & { follow?: boolean; tail?: number },
        ) => c.stackLogs(service, opts),
      ),
    );

  stackOptions(stack.command('config'))
    .description('write the generated configuration files to a folder, for reading')
    .requiredOption('--out <dir>', 'folder to write to')
    .addOption(new Option('--layout <layout>', 'network layout').choices(['host', 'bridge']))
    .action(run((c, opts: StackCommandOptions & { out: string }) => c.stackConfig(opts)));
}
