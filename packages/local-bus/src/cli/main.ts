import { runTestPatternCommand } from '@paved/events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PavedLocalBusError } from '../errors';
import { runCatalog } from './catalog';
import { DEFAULT_ENDPOINT, type CliIo } from './io';
import { runDlqList, runDlqRedrive, runPutEvents, runReplay, runTail } from './remote';
import { runS3Copy, runS3List } from './s3';
import { runStart } from './start';
import { runTrace } from './trace';

export const USAGE = `Usage: paved <command> [options]

Commands:
  start                      Run the local bus with every service's handlers (console at its address)
      --port <n>             default 4010, or $PAVED_PORT
      --host <addr>          default 127.0.0.1, or $PAVED_HOST
      --allowed-hosts <a,b>  names the bus answers to besides localhost and IPs (all: any), or $PAVED_ALLOWED_HOSTS
      --data-dir <dir>       journal and archive, default <workspace>/.paved, or $PAVED_DATA_DIR
      --outbox-dir <dir>     where handlers' side effects go, default <data-dir>/outbox, or $PAVED_OUTBOX_DIR
      --workers <n>          worker threads the handlers share, default cores - 1, or $PAVED_WORKERS
      --bus-name <name>      the custom bus the rules live on, default paved, or $PAVED_BUS_NAME
      --time-scale <x>       multiplies retry delays and event ages, default 0.01, or $PAVED_TIME_SCALE
      --handlers <module>    load subscriptions (and apis, buckets) from one module instead of services/*/src/
      --unknown-bus <mode>   accept (as AWS: answer, then drop) or reject events for a missing bus
      --retention-days <n>   archive retention, default 7
      --prewarm              start one environment per handler up front
      --no-watch             do not reload a handler when its sources change (on by default)
      --quiet                do not log events as they flow
  put-events --entries <json | file://path>   PutEvents, with the AWS CLI's input
  tail                       Print events and deliveries as they happen
  dlq list                   List dead-letter queues and their messages
  dlq redrive <queue> [--message-id <id>]...  Deliver a DLQ's events again
  replay --from <time> [--to <time>] [--name <n>] [--rules <a,b>] [--force]  Replay archived events
                             (handlers that already handled an event skip it, unless --force runs them again)
  trace <event id | trace id> [--json] [--logs]  Print the tree of everything one trace set off
  s3 cp <file> s3://<bucket>/<key>  Upload to a local bucket: S3's Object Created event goes on the default bus
  s3 ls                      List the local buckets (the services' defineBucket declarations)
  catalog --out <dir>        Write the event catalog (events, owners, producers, consumers, schemas) as a static site
  test-pattern               Test an event pattern against events (see paved test-pattern --help)

Commands other than start, catalog and test-pattern talk to a running bus: --endpoint-url (default ${DEFAULT_ENDPOINT}).
`;

/** Runs the `paved` CLI; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'test-pattern') {
    return runTestPatternCommand(rest, {
      stdout: (text) => void io.stdout.write(text),
      stderr: (text) => void io.stderr.write(text),
      readFile: (path) => readFileSync(resolve(io.cwd, path), 'utf8'),
    });
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        'endpoint-url': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'allowed-hosts': { type: 'string' },
        'data-dir': { type: 'string' },
        'outbox-dir': { type: 'string' },
        workers: { type: 'string' },
        'bus-name': { type: 'string' },
        'time-scale': { type: 'string' },
        handlers: { type: 'string' },
        region: { type: 'string' },
        'unknown-bus': { type: 'string' },
        'retention-days': { type: 'string' },
        prewarm: { type: 'boolean' },
        'no-watch': { type: 'boolean' },
        quiet: { type: 'boolean' },
        entries: { type: 'string' },
        'message-id': { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        name: { type: 'string' },
        rules: { type: 'string' },
        force: { type: 'boolean' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        logs: { type: 'boolean' },
      },
    });
    const endpoint = values['endpoint-url'] ?? io.env['PAVED_ENDPOINT_URL'] ?? DEFAULT_ENDPOINT;
    switch (command) {
      case 'start':
        return await runStart(values, io);
      case 'catalog':
        return await runCatalog(values.out, io);
      case 'put-events':
        return await runPutEvents(endpoint, values.entries, io);
      case 'tail':
        return await runTail(endpoint, io);
      case 'dlq':
        if (positionals[0] === 'list') return await runDlqList(endpoint, io);
        if (positionals[0] === 'redrive')
          return await runDlqRedrive(endpoint, positionals[1], values['message-id'], io);
        io.stderr.write(
          `Unknown dlq command ${JSON.stringify(positionals[0] ?? '')}: use "paved dlq list" or "paved dlq redrive <queue>".\n`,
        );
        return 2;
      case 'replay':
        return await runReplay(endpoint, values, io);
      case 'trace':
        return await runTrace(endpoint, positionals[0], values, io);
      case 's3':
        if (positionals[0] === 'cp') return await runS3Copy(endpoint, positionals[1], positionals[2], io);
        if (positionals[0] === 'ls') return await runS3List(endpoint, io);
        io.stderr.write(
          `Unknown s3 command ${JSON.stringify(positionals[0] ?? '')}: use "paved s3 cp <file> s3://<bucket>/<key>" or "paved s3 ls".\n`,
        );
        return 2;
      default:
        io.stderr.write(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    const known =
      error instanceof PavedLocalBusError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr.write(
      `paved ${command}: ${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`,
    );
    return known ? 2 : 1;
  }
}
