/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` from the known build args, as
 * BuildKit does for FROM with global ARGs. Returns undefined when a variable has no value: the
 * image cannot be known from the Dockerfile alone, so no edge is guessed.
 * https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
 */
export function substituteArgs(text: string, args: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const expanded = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_match, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const value = args.get(braced ?? bare ?? '');
      if (op === '-') return value ? value : (word ?? '');
      if (op === '+') return value ? (word ?? '') : '';
      if (value === undefined) unresolved = true;
      return value ?? '';
    },
  );
  return unresolved ? undefined : expanded;
}

/** `ARG NAME=value` / `ARG NAME` (no default) / `ARG A=1 B=2`: the defaults it declares. */
export function parseArgDefaults(args: string): Array<[string, string | undefined]> {
  return args
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word): [string, string | undefined] => {
      const eq = word.indexOf('=');
      if (eq < 0) return [word, undefined];
      return [word.slice(0, eq), word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2')];
    });
}
