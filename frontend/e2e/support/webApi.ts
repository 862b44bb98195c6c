import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const webApiProject = resolve(import.meta.dirname, '../../../src/WebApi');

/** The built app the suite runs (scripts/test.sh builds it in Release first). */
export const webApiDll = process.env.E2E_WEBAPI_DLL ?? join(webApiProject, 'bin/Release/net10.0/GoogleLogin.WebApi.dll');

export interface StartedWebApi {
  baseUrl: string;
  stop: () => Promise<void>;
}

/**
 * Starts the built app on a free port of `host` (127.0.0.1 unless given: `localhost` makes it another site
 * than a provider on 127.0.0.1), with a SQLite file in `dataDirectory`, and waits until it is ready. Its
 * output goes to `logDirectory`/webapi-`name`.log.
 */
export async function startWebApi(
  dll: string,
  name: string,
  dataDirectory: string,
  logDirectory: string,
  settings: Record<string, string>,
  host = '127.0.0.1',
): Promise<StartedWebApi> {
  const baseUrl = `http://${host}:${await freePort()}`;
  const log = createWriteStream(join(logDirectory, `webapi-${name}.log`));
  const webApi = spawn('dotnet', [dll], {
    cwd: webApiProject,
    env: {
      ...process.env,
      ASPNETCORE_URLS: baseUrl,
      // The address the browser uses; outside Development a redirect provider needs it.
      Hosting__PublicOrigin: baseUrl,
      ConnectionStrings__Default: `Data Source=${join(dataDirectory, `${name}.db`)}`,
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  webApi.stdout?.pipe(log);
  webApi.stderr?.pipe(log);
  await waitUntilReady(`${baseUrl}/health/ready`, webApi, name);

  return {
    baseUrl,
    stop: async () => {
      if (webApi.exitCode === null) {
        webApi.kill('SIGTERM');
        await new Promise((done) => webApi.once('exit', done));
      }
    },
  };
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

async function waitUntilReady(url: string, process: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) {
      throw new Error(`WebApi exited with code ${process.exitCode}; see test-results/webapi-${name}.log`);
    }
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`WebApi did not become ready at ${url}; see test-results/webapi-${name}.log`);
}
