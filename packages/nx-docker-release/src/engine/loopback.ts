/**
 * Loopback as docker treats it (plain HTTP allowed): 127.0.0.0/8 written as an address, localhost,
 * [::1]; each with an optional port. A name that merely starts with "127." (127.corp.example) is
 * a real host and gets TLS.
 */
export function isLoopbackHost(host: string): boolean {
  const [, name] = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(host) ?? [];
  if (name === undefined) return false;
  if (name === 'localhost' || name === '[::1]') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}
