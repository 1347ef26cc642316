/** Which machine and which commit a run measured. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { BenchRun } from './bench-run.ts';

export function machineInfo(): BenchRun['machine'] {
  const cpus = os.cpus();
  return {
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: (cpus[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    totalMemoryMb: Math.round(os.totalmem() / (1024 * 1024)),
    node: process.versions.node,
  };
}

export function gitInfo(repositoryRoot: string): BenchRun['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repositoryRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}
