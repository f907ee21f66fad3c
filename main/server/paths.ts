// Where the shells find the built UI, the templates and their per-user files.
import { homedir } from 'node:os';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = (): string => fileURLToPath(new URL('../../', import.meta.url));

export interface AppPaths {
  staticDir: string;
  templatesDir: string;
  projectsDir: string;
  runsDir: string;
  recentFile: string;
}

export const defaultPaths = (root = repoRoot(), projectsDir = process.cwd()): AppPaths => {
  const config = process.env.XDG_CONFIG_HOME ?? nodePath.join(homedir(), '.config');
  return {
    staticDir: nodePath.join(root, 'dist', 'web'),
    templatesDir: nodePath.join(root, 'templates'),
    projectsDir: nodePath.resolve(projectsDir),
    runsDir: nodePath.join(nodePath.resolve(projectsDir), 'runs'),
    recentFile: process.env.TESSERA_RECENT_FILE ?? nodePath.join(config, 'tessera', 'recent.json'),
  };
};
