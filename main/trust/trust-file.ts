// Where trust is recorded: trust.json in the per-user Tessera folder, beside the recent files
// and the workspace (never in a project file, which is data anyone can write).
// $TESSERA_TRUST_FILE overrides it; a test's own $TESSERA_RECENT_FILE brings its own trust too.
import { homedir } from 'node:os';
import * as nodePath from 'node:path';

export const defaultTrustFile = (
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): string => {
  if (env.TESSERA_TRUST_FILE?.trim()) return nodePath.resolve(env.TESSERA_TRUST_FILE);
  if (env.TESSERA_RECENT_FILE?.trim())
    return nodePath.join(nodePath.dirname(nodePath.resolve(env.TESSERA_RECENT_FILE)), 'trust.json');
  const config = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : nodePath.join(home, '.config');
  return nodePath.join(config, 'tessera', 'trust.json');
};
