import type { Agent } from 'node:http';
import { isLoopbackHost } from './loopback';

const cache = new Map<string, Agent>();
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/**
 * The agent that reaches `url` through the proxy the environment names, as the docker CLI does:
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (lower case too), NO_PROXY exceptions, and loopback never
 * proxied (the relay and local registries stay direct). https targets tunnel through CONNECT,
 * http targets send absolute URLs. Undefined: connect directly. The proxy libraries load only
 * when a proxy variable is set; they read the process environment, as the docker CLI reads its own.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use: most runs set no proxy */
export function proxyAgent(url: URL): Agent | undefined {
  if (!PROXY_VARIABLES.some((name) => process.env[name])) return undefined;
  if (isLoopbackHost(url.host)) return undefined;
  const { getProxyForUrl } = require('proxy-from-env') as { getProxyForUrl(url: string): string };
  const proxy = getProxyForUrl(url.href);
  if (!proxy) return undefined;
  const key = `${url.protocol}${proxy}`;
  let agent = cache.get(key);
  if (!agent) {
    if (url.protocol === 'https:') {
      const { HttpsProxyAgent } = require('https-proxy-agent') as typeof import('https-proxy-agent');
      agent = new HttpsProxyAgent(proxy, { keepAlive: true }) as unknown as Agent;
    } else {
      const { HttpProxyAgent } = require('http-proxy-agent') as typeof import('http-proxy-agent');
      agent = new HttpProxyAgent(proxy, { keepAlive: true }) as unknown as Agent;
    }
    cache.set(key, agent);
  }
  return agent;
}
/* eslint-enable @typescript-eslint/no-require-imports */
