/** `npm run bench -- [options]`: what to run, and how. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchMode } from './bench-profiles.ts';

export interface BenchArgs {
  mode: BenchMode;
  /** Profile the gateway with --cpu-prof instead of running the benchmark. */
  cpuProfile: boolean;
  profileSeconds: number;
  /** undefined: wrk when it is on PATH, else autocannon. */
  load: 'wrk' | 'autocannon' | undefined;
  outDir: string;
  rounds: number | undefined;
  gatewayEnv: Record<string, string>;
  limits: boolean;
  /** Print the table of an earlier run's JSON file and exit. */
  print: string | undefined;
  /** Run the usage-rollup figures (writer rows/s, analytics query time) instead of the gateway load. */
  usageRollups: { rows: number; writerRows: number } | undefined;
  /** Run the audio figures (speech time to first byte, memory under concurrent uploads) instead of the gateway load. */
  audio: { samples: number; uploads: number; uploadBytes: number } | undefined;
  help: boolean;
}

export const usage = `npm run bench -- [options]

  (no option)          the full run: 5 interleaved rounds, streams up to 1024, a 5-minute soak (~10 min)
  --quick              a shorter run that finishes in under a minute (figures are rougher)
  --smoke              a few seconds, for the harness's own test
  --profile            run the gateway under --cpu-prof at c=50 and print where its time goes
  --profile-seconds N  load per profiled phase (default 15)
  --load wrk|autocannon  the c=50 load generator (default: wrk when on PATH, else autocannon)
  --rounds N           override the number of interleaved rounds
  --gateway-env K=V    extra environment for the gateway process (repeatable), e.g. CONDUIT_WORKERS=2
  --no-limits          leave rate limits and the budget off the virtual key (to see what they cost)
  --out DIR            where the JSON goes (default bench/results)
  --print FILE         print the table of an earlier run's JSON and exit
  --usage-rollups      the analytics figures instead: log writer rows/s without and with rollups, and
                       usage over 30 days by DAY x MODEL with 1,000,000 rows in SQLite (a few minutes)
  --rollup-rows N      rows for --usage-rollups' query database (default 1000000)
  --writer-rows N      rows per writer run for --usage-rollups (default 200000)
  --audio              the audio figures instead (issue 16): speech time to first byte through the gateway
                       vs direct, and the gateway's RSS under concurrent 25 MB transcription uploads
  --audio-samples N    speech requests per candidate for --audio (default 200)
  --audio-uploads N    concurrent uploads for --audio (default 20)
  --audio-upload-mb N  size of each upload for --audio, in MB of 10^6 bytes (default 25)
`;

export function parseBenchArgs(argv: string[], benchRoot: string): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      smoke: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'profile-seconds': { type: 'string' },
      load: { type: 'string' },
      rounds: { type: 'string' },
      'gateway-env': { type: 'string', multiple: true },
      'no-limits': { type: 'boolean', default: false },
      out: { type: 'string' },
      print: { type: 'string' },
      'usage-rollups': { type: 'boolean', default: false },
      'rollup-rows': { type: 'string' },
      'writer-rows': { type: 'string' },
      audio: { type: 'boolean', default: false },
      'audio-samples': { type: 'string' },
      'audio-uploads': { type: 'string' },
      'audio-upload-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.load !== undefined && values.load !== 'wrk' && values.load !== 'autocannon') {
    throw new Error(`--load must be wrk or autocannon, not ${values.load}`);
  }
  const positive = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, not ${raw}`);
    return value;
  };
  const gatewayEnv: Record<string, string> = {};
  for (const pair of values['gateway-env'] ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--gateway-env takes KEY=VALUE, not ${pair}`);
    gatewayEnv[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    mode: values.smoke ? 'smoke' : values.quick ? 'quick' : 'full',
    cpuProfile: values.profile,
    profileSeconds: positive('profile-seconds', values['profile-seconds']) ?? 15,
    load: values.load as BenchArgs['load'],
    outDir: path.resolve(values.out ?? path.join(benchRoot, 'results')),
    rounds: positive('rounds', values.rounds),
    gatewayEnv,
    limits: !values['no-limits'],
    print: values.print,
    usageRollups: values['usage-rollups']
      ? { rows: positive('rollup-rows', values['rollup-rows']) ?? 1_000_000, writerRows: positive('writer-rows', values['writer-rows']) ?? 200_000 }
      : undefined,
    audio: values.audio
      ? {
          samples: positive('audio-samples', values['audio-samples']) ?? 200,
          uploads: positive('audio-uploads', values['audio-uploads']) ?? 20,
          uploadBytes: (positive('audio-upload-mb', values['audio-upload-mb']) ?? 25) * 1_000_000,
        }
      : undefined,
    help: values.help,
  };
}
