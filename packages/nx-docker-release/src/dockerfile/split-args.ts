/** The arguments of COPY/ADD/FROM: `--name=value` flags first, then the positional words. */
export interface SplitArgs {
  flags: Record<string, string>;
  words: string[];
}

/**
 * Splits instruction arguments as BuildKit does for COPY/ADD: leading `--flag[=value]` tokens,
 * then either a JSON array (`["a b", "dest"]`, needed for paths with spaces) or words separated
 * by whitespace (no quote handling in that form).
 */
export function splitArgs(args: string): SplitArgs {
  const flags: Record<string, string> = {};
  let rest = args.trim();
  for (let flag = /^--([A-Za-z][\w-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest); flag; flag = /^--([A-Za-z][\w-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest)) {
    flags[(flag[1] ?? '').toLowerCase()] = flag[2] ?? 'true';
    rest = rest.slice(flag[0].length);
  }
  return { flags, words: parseJsonArray(rest) ?? rest.split(/\s+/).filter((w) => w !== '') };
}

function parseJsonArray(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
