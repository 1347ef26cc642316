import { execFile } from 'node:child_process';

/** Runs a short command to completion; rejects with its output when it fails or overruns. */
export function runCommand(command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) {
        const output = `${stdout}${stderr}`.trim().split('\n').slice(-15).join('\n');
        reject(new Error(`${command} failed (${error.message.split('\n')[0]})\n${output}`));
        return;
      }
      resolve(stdout);
    });
  });
}
