import { goDirectives, parseGoMod, type GoReplace } from './parse-go-mod';

export interface GoWorkUse {
  path: string;
  line: number;
}

export interface GoWork {
  uses: GoWorkUse[];
  replaces: GoReplace[];
}

/** The `use` directories (relative to the go.work) and workspace-wide `replace` directives. */
export function parseGoWork(text: string): GoWork {
  const uses = goDirectives(text)
    .filter(({ verb, words }) => verb === 'use' && words[0] !== undefined)
    .map(({ words, line }) => ({ path: words[0] ?? '', line }));
  return { uses, replaces: parseGoMod(text).replaces };
}
