// The web shell the kill test starts and SIGKILLs: the real HTTP server and contract handlers
// (recovery journal included) over a stand-in engine, with its user files under one folder.
// Prints one line, {"port":…,"token":…}, once it listens.
//   node --import ./main/runtime/register.mjs main/recovery/testing/journal-web-shell.ts <home>
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppHandlers } from '../../server/handlers/app-handlers';
import { fakeEngine } from '../../server/handlers/fake-engine';
import { startWebServer } from '../../server/web-server';

const home = process.argv[2];
if (!home) {
  process.stderr.write('usage: journal-web-shell.ts <home folder>\n');
  process.exit(2);
}
const root = fileURLToPath(new URL('../../../', import.meta.url));
const app = createAppHandlers({
  engine: fakeEngine(),
  shell: 'web',
  appVersion: 'kill-test',
  templatesDir: nodePath.join(root, 'templates'),
  projectsDir: nodePath.join(home, 'projects'),
  runsDir: nodePath.join(home, 'projects', 'runs'),
  recentFile: nodePath.join(home, 'config', 'recent.json'),
  emit: () => undefined,
});
const server = await startWebServer({
  port: 0,
  staticDir: nodePath.join(home, 'no-ui'),
  handlers: app.handlers,
});
process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token })}\n`);
