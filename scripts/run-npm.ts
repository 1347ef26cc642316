import { execFile } from 'node:child_process';
import path from 'node:path';

const workspaceScoped = /^npm_(package_|lifecycle_|command$|config_(local_prefix|workspaces?|include_workspace_root)$)/i;

/**
 * Runs npm to completion in `cwd`; rejects with the end of its output when it fails. What a surrounding
 * `npm test` set about the workspace (its package, lifecycle, workspaces) is dropped, so it cannot
 * steer this npm; the user's npm settings (cache, registry) are kept.
 */
export function runNpm(args: readonly string[], options: { cwd: string; searchPath?: string; timeoutMs?: number }): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!workspaceScoped.test(name)) env[name] = value;
  }
  if (options.searchPath) env.PATH = options.searchPath;
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      args,
      { cwd: options.cwd, env, timeout: options.timeoutMs ?? 120_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const output = `${stdout}${stderr}`.trim().split('\n').slice(-25).join('\n');
          reject(new Error(`npm ${args.join(' ')} failed in ${options.cwd} (${error.message.split('\n')[0]})\n${output}`));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/** `npm pack <dir>` into `destination` (`searchPath`: the PATH its scripts see); returns the tarball's path. */
export async function npmPack(dir: string, destination: string, searchPath?: string): Promise<string> {
  const stdout = await runNpm(['pack', dir, '--json', '--pack-destination', destination], { cwd: destination, searchPath });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!packed?.filename) throw new Error(`npm pack ${dir} printed no tarball name`);
  return path.join(destination, packed.filename);
}
