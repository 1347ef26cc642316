/**
 * Loaded into every test process by scripts/run-tests.ts (`--import`): when the process exits, writes
 * to CONDUIT_TEST_CPU_FILE the CPU seconds (user + system) it used and those of the child processes
 * it waited for (the gateways, MariaDB and Redis servers a test started and stopped). Wall time says
 * little on a shared machine; CPU time says what a file costs.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface CpuSeconds {
  self: number;
  children: number;
}

const target = process.env.CONDUIT_TEST_CPU_FILE;
// A test that starts node with this environment must not write over its parent's figure.
delete process.env.CONDUIT_TEST_CPU_FILE;

/** CPU seconds of this process, and of the children it has waited for (Linux only; 0 elsewhere). */
export function cpuSecondsSoFar(): CpuSeconds {
  const usage = process.resourceUsage();
  return { self: (usage.userCPUTime + usage.systemCPUTime) / 1e6, children: waitedForChildrenSeconds() };
}

function waitedForChildrenSeconds(): number {
  try {
    // The fields after the command name (in parentheses, which may hold spaces); cutime and cstime are
    // the 16th and 17th of the line, in clock ticks: 100 a second on Linux.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

if (target) {
  process.once('exit', () => {
    try {
      writeFileSync(target, JSON.stringify(cpuSecondsSoFar()));
    } catch {
      // The runner then shows no CPU figure for this file; the test result stands.
    }
  });
}
