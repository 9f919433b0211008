import { Token } from 'aws-cdk-lib';

/**
 * The browser policy of a WorkSpaces Secure Browser portal: Chrome's URLBlocklist and
 * URLAllowlist policies. With an allowlist, everything else is blocked (`*` in the blocklist).
 */
export function browserPolicyJson(allowedUrls: readonly string[] | undefined, blockedUrls: readonly string[]): string {
  const allowlist = allowedUrls && allowedUrls.length > 0 ? [...allowedUrls] : undefined;
  const blocklist = allowlist ? ['*', ...blockedUrls.filter((u) => u !== '*')] : [...blockedUrls];
  const chromePolicies: Record<string, { value: string[] }> = {};
  if (blocklist.length > 0) chromePolicies.URLBlocklist = { value: blocklist };
  if (allowlist) chromePolicies.URLAllowlist = { value: allowlist };
  return JSON.stringify({ chromePolicies });
}

/** Problems with the URL pattern props. */
export function browserUrlProblems(allowedUrls: readonly string[] | undefined, blockedUrls: readonly string[] | undefined): string[] {
  const problems: string[] = [];
  for (const [prop, list] of [
    ['allowedUrls', allowedUrls],
    ['blockedUrls', blockedUrls],
  ] as const) {
    (list ?? []).forEach((url, i) => {
      if (Token.isUnresolved(url))
        problems.push(`${prop}[${i}]: a token; give URL patterns as literal strings (they are written into the browser policy)`);
      else if (url.trim() === '' || /\s/.test(url))
        problems.push(`${prop}[${i}]: '${url}' is not a URL pattern such as 'https://www.city.example.jp'`);
    });
  }
  if (allowedUrls?.includes('*')) problems.push("allowedUrls: '*' allows every URL; leave allowedUrls out instead");
  return problems;
}
