// Where the shells find the built UI, the templates and their per-user files.
import { existsSync } from 'node:fs';
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
  /** The workspace the UI reopens on restart (workspace:get/set). */
  workspaceFile: string;
}

/**
 * The user's documents folder: $XDG_DOCUMENTS_DIR, ~/Documents where it exists, else home.
 * (Electron asks app.getPath('documents') instead.)
 */
export const documentsDir = (env = process.env, home = homedir()): string => {
  if (env.XDG_DOCUMENTS_DIR && nodePath.isAbsolute(env.XDG_DOCUMENTS_DIR))
    return env.XDG_DOCUMENTS_DIR;
  const docs = nodePath.join(home, 'Documents');
  return existsSync(docs) ? docs : home;
};

/**
 * Where projects are saved and exports go unless the user picks another folder:
 * $TESSERA_PROJECTS_DIR (tests), else a Tessera folder in the user's documents
 * (~/Documents/Tessera, or ~/Tessera without a Documents folder). Never the working directory.
 * Created on first use, not here.
 */
export const defaultProjectsDir = (env = process.env, docs?: string): string =>
  env.TESSERA_PROJECTS_DIR?.trim()
    ? nodePath.resolve(env.TESSERA_PROJECTS_DIR)
    : nodePath.join(docs ?? documentsDir(env), 'Tessera');

export const defaultPaths = (root = repoRoot(), projectsDir = defaultProjectsDir()): AppPaths => {
  const config = process.env.XDG_CONFIG_HOME ?? nodePath.join(homedir(), '.config');
  const recentFile =
    process.env.TESSERA_RECENT_FILE ?? nodePath.join(config, 'tessera', 'recent.json');
  return {
    staticDir: nodePath.join(root, 'dist', 'web'),
    templatesDir: nodePath.join(root, 'templates'),
    projectsDir: nodePath.resolve(projectsDir),
    runsDir: nodePath.join(nodePath.resolve(projectsDir), 'runs'),
    recentFile,
    workspaceFile:
      process.env.TESSERA_WORKSPACE_FILE ??
      nodePath.join(nodePath.dirname(recentFile), 'workspace.json'),
  };
};
