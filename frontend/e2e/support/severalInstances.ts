import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** Where the script's own output and its logs (both instances, PostgreSQL, nginx) stay after the run. */
export const severalInstancesLogs = resolve(import.meta.dirname, '../../test-results/several-instances');

export interface SeveralInstances {
  /** nginx's address, balancing round-robin over instances a and b. */
  url: string;
  /** Interrupts the script as Ctrl+C would, and resolves with its exit code once it has stopped everything. */
  stop: () => Promise<number | null>;
}

/**
 * Starts `scripts/several-instances.sh` as the README says a newcomer would, but on a free port and
 * with the app the test run already built: a throwaway PostgreSQL cluster, two instances in
 * development sign-in mode and nginx in front. Resolves once it prints `READY <url>`.
 */
export async function startSeveralInstances(): Promise<SeveralInstances> {
  rmSync(severalInstancesLogs, { recursive: true, force: true });
  mkdirSync(severalInstancesLogs, { recursive: true });
  const script = spawn('bash', [join(repositoryRoot, 'scripts/several-instances.sh'), '--no-build', '--port', '0', '--log-dir', severalInstancesLogs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  script.stderr.pipe(createWriteStream(join(severalInstancesLogs, 'script.log')));
  const exited = new Promise<number | null>((done) => script.once('exit', (code) => done(code)));

  const url = await new Promise<string>((ready, fail) => {
    createInterface({ input: script.stdout }).on('line', (line) => {
      const match = /^READY (\S+)$/.exec(line);
      if (match?.[1]) {
        ready(match[1]);
      }
    });
    void exited.then((code) =>
      fail(new Error(`scripts/several-instances.sh exited (${code}) before it was ready; see ${severalInstancesLogs}/script.log`)),
    );
  });

  return {
    url,
    stop: async () => {
      if (script.exitCode === null && script.signalCode === null) {
        script.kill('SIGINT');
      }
      return exited;
    },
  };
}
