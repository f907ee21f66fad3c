// Which links the desktop shell hands to the system browser (shell.openExternal): http(s) only,
// to the hosts of the papers the node reference links to, nothing else (no file:, no custom
// schemes, no credentials in the URL). Everything else is refused without opening anything.
import { allNodeDefinitions } from '../../nodes/registry';

/** The hosts of every paper link in the node library (what the inspector shows). */
export const paperLinkHosts = (): ReadonlySet<string> => {
  const hosts = new Set<string>();
  for (const def of allNodeDefinitions) {
    const url = def.paper?.url;
    if (!url) continue;
    try {
      hosts.add(new URL(url).host);
    } catch {
      // A malformed paper URL is the node reference's problem; it is never opened.
    }
  }
  return hosts;
};

export const isAllowedExternalUrl = (url: string, hosts: ReadonlySet<string>): boolean => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return hosts.has(parsed.host);
};
