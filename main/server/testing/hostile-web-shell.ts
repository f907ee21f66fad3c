// The web shell the hostile-request tests start as a child process: the real HTTP server and
// contract handlers over a stand-in engine, its user files under one folder, a built-UI folder
// with an index page and one asset, and a secret file beside (outside) that folder.
// Prints one JSON line per event on stdout:
//   {"listening":{"port":…,"token":…}}  once it listens;
//   {"closed":true}                      if the HTTP server object ever closes;
//   {"probe":{"polluted":[…]}}           for each "probe" line read on stdin: the properties added
//                                        to Object/Array/Function.prototype since start.
//   node --import ./main/runtime/register.mjs main/server/testing/hostile-web-shell.ts <home>
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { createInterface } from 'node:readline';
import { createAppHandlers } from '../handlers/app-handlers';
import { fakeEngine } from '../handlers/fake-engine';
import { startWebServer } from '../web-server';
import { prototypeSnapshot, prototypeAdditions } from './prototype-probe';

const home = process.argv[2];
if (!home) {
  process.stderr.write('usage: hostile-web-shell.ts <home folder>\n');
  process.exit(2);
}
const before = prototypeSnapshot();
const ui = nodePath.join(home, 'web');
mkdirSync(nodePath.join(ui, 'assets'), { recursive: true });
mkdirSync(nodePath.join(home, 'templates'), { recursive: true });
writeFileSync(nodePath.join(ui, 'index.html'), '<!doctype html><title>Tessera</title>');
writeFileSync(nodePath.join(ui, 'assets', 'app.js'), 'console.log("tessera");\n');
writeFileSync(nodePath.join(home, 'secret.txt'), 'outside the UI folder\n');
writeFileSync(
  nodePath.join(home, 'templates', 'vq-vae.json'),
  JSON.stringify({ name: 'VQ-VAE', description: 'd' }),
);
const app = createAppHandlers({
  engine: fakeEngine(),
  shell: 'web',
  appVersion: 'hostile-test',
  templatesDir: nodePath.join(home, 'templates'),
  projectsDir: nodePath.join(home, 'projects'),
  runsDir: nodePath.join(home, 'projects', 'runs'),
  recentFile: nodePath.join(home, 'config', 'recent.json'),
  trustFile: nodePath.join(home, 'config', 'trust.json'),
  emit: (event, payload) => server.broadcast(event, payload),
});
const server = await startWebServer({ port: 0, staticDir: ui, handlers: app.handlers });
const line = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
server.httpServer.on('close', () => line({ closed: true }));
createInterface({ input: process.stdin }).on('line', (l) => {
  if (l.trim() === 'probe') line({ probe: { polluted: prototypeAdditions(before) } });
});
line({ listening: { port: server.port, token: server.token } });
