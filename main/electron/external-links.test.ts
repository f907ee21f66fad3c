import { describe, it, expect } from 'vitest';
import { isAllowedExternalUrl, paperLinkHosts } from './external-links';
import { allNodeDefinitions } from '../../nodes/registry';

describe('links the desktop shell opens in the system browser', () => {
  const hosts = paperLinkHosts();

  it('allows the hosts of the node library’s paper links, and only those', () => {
    expect(hosts.has('arxiv.org')).toBe(true);
    const paperUrls = allNodeDefinitions.flatMap((d) => (d.paper?.url ? [d.paper.url] : []));
    expect(paperUrls.length).toBeGreaterThan(10);
    for (const url of paperUrls) expect(isAllowedExternalUrl(url, hosts), url).toBe(true);
    expect(hosts.has('github.com')).toBe(false);
  });

  it('refuses other schemes, other hosts, look-alike hosts and credentials', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://tessera/index.html',
      'ms-msdt:/id PCWDiagnostic',
      'smb://arxiv.org/share',
      'ftp://arxiv.org/',
      'https://evil.example/',
      'https://arxiv.org.evil.example/abs/1',
      'https://evil.example/?u=https://arxiv.org/',
      'https://user:pw@arxiv.org/abs/1',
      'https://arxiv.org:8443/abs/1',
      '',
      'arxiv.org/abs/1',
    ])
      expect(isAllowedExternalUrl(url, hosts), url).toBe(false);
  });
});
