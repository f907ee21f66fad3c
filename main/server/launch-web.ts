// Starts the web shell: shared handlers + engine + HTTP/WebSocket server; used by
// `tessera web`, `tessera start` (fallback) and the end-to-end tests.
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { createAppHandlers } from './handlers/app-handlers';
import { createEngineAdapter } from './handlers/engine-adapter';
import type { EnginePort } from './handlers/engine-port';
import { defaultPaths, repoRoot, type AppPaths } from './paths';
import { startWebServer, type WebServer } from './web-server';

export interface LaunchWebOptions {
  port?: number;
  paths?: Partial<AppPaths>;
  engine?: EnginePort;
}

export interface LaunchedWeb {
  server: WebServer;
  paths: AppPaths;
  close(): Promise<void>;
}

export const appVersion = (): string => {
  try {
    return (
      JSON.parse(readFileSync(nodePath.join(repoRoot(), 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '0.0.0';
  }
};

export const launchWeb = async (o: LaunchWebOptions = {}): Promise<LaunchedWeb> => {
  const defaults = defaultPaths();
  const paths: AppPaths = {
    ...defaults,
    ...o.paths,
    // Kept beside the recent-files list unless given: a test's own recent file keeps its own workspace.
    workspaceFile:
      o.paths?.workspaceFile ??
      (o.paths?.recentFile
        ? nodePath.join(nodePath.dirname(o.paths.recentFile), 'workspace.json')
        : defaults.workspaceFile),
  };
  const holder: { server?: WebServer } = {};
  const app = createAppHandlers({
    engine: o.engine ?? createEngineAdapter(),
    shell: 'web',
    appVersion: appVersion(),
    ...paths,
    emit: (event, payload) => holder.server?.broadcast(event, payload),
  });
  const s = await startWebServer({
    port: o.port ?? 0,
    staticDir: paths.staticDir,
    handlers: app.handlers,
  });
  holder.server = s;
  return {
    server: s,
    paths,
    close: async () => {
      await app.stopAll();
      await s.close();
    },
  };
};
