/** Starts the fake upstream, the floor proxy and the gateway, each in its own process. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnChild, waitForListening, type ChildHandle } from '../processes/child-process-handle.ts';
import { startGatewayProcess, type GatewayProcess } from '../processes/start-gateway-process.ts';
import type { Candidate } from './candidate.ts';

const benchSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repositoryRoot = path.resolve(benchSource, '../..');

export interface StartedCandidates {
  upstream: ChildHandle;
  upstreamOrigin: string;
  floor: ChildHandle;
  gateway: GatewayProcess;
  candidates: Candidate[];
  stop(): Promise<void>;
}

const upstreamKey = 'sk-bench-0000000000000000';

export interface CandidateOptions {
  gatewayEnv: Record<string, string>;
  limits: boolean;
  cpuProfileDir?: string;
}

export async function startCandidates(options: CandidateOptions): Promise<StartedCandidates> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async (): Promise<void> => {
    for (const one of started.reverse()) await one.stop();
  };
  try {
    const upstream = spawnChild('fake upstream', ['--import', 'tsx', path.join(benchSource, 'processes/fake-upstream-process.ts')], { cwd: repositoryRoot });
    started.push(upstream);
    const upstreamOrigin = `http://127.0.0.1:${await waitForListening(upstream)}`;
    const floor = spawnChild('floor proxy', ['--import', 'tsx', path.join(benchSource, 'processes/floor-proxy-process.ts'), '--upstream', upstreamOrigin], {
      cwd: repositoryRoot,
    });
    started.push(floor);
    const floorOrigin = `http://127.0.0.1:${await waitForListening(floor)}`;
    const gateway = await startGatewayProcess({
      repositoryRoot,
      upstreamOrigin,
      cpuProfileDir: options.cpuProfileDir,
      env: options.gatewayEnv,
      limits: options.limits,
    });
    started.push(gateway);
    const upstreamAuth = { authorization: `Bearer ${upstreamKey}` };
    return {
      upstream,
      upstreamOrigin,
      floor,
      gateway,
      candidates: [
        { name: 'direct', origin: upstreamOrigin, headers: upstreamAuth, pid: undefined },
        { name: 'floor', origin: floorOrigin, headers: upstreamAuth, pid: floor.pid },
        { name: 'gateway', origin: gateway.origin, headers: { authorization: `Bearer ${gateway.virtualKey}` }, pid: gateway.handle.pid },
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
