/** A `replace old [v] => new [v]` directive. `localPath` is set when the target is a directory. */
export interface GoReplace {
  module: string;
  localPath?: string;
  line: number;
}

export interface GoRequire {
  module: string;
  line: number;
}

export interface GoMod {
  module?: string;
  requires: GoRequire[];
  replaces: GoReplace[];
}

/**
 * Reads the parts of a go.mod (or the `replace` part of a go.work) that link modules: the module
 * path, `require` and `replace`, in single-line and block (`require ( ... )`) form, with `//`
 * comments. https://go.dev/ref/mod#go-mod-file-grammar
 */
export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [], replaces: [] };
  for (const { verb, words, line } of goDirectives(text)) {
    if (verb === 'module' && words[0]) mod.module = words[0];
    if (verb === 'require' && words[0]) mod.requires.push({ module: words[0], line });
    if (verb === 'replace') {
      const arrow = words.indexOf('=>');
      const module = words[0];
      const target = words[arrow + 1];
      if (arrow < 1 || !module || !target) continue;
      // A local replacement is a path starting with ./ or ../ (or absolute); anything else is a module.
      const local = /^(\.\.?\/|\.\.?$|\/)/.test(target);
      mod.replaces.push(local ? { module, localPath: target, line } : { module, line });
    }
  }
  return mod;
}

export interface GoDirective {
  verb: string;
  words: string[];
  line: number;
}

/** Flattens `verb ( a \n b )` blocks into one directive per entry; strips comments and quotes. */
export function goDirectives(text: string): GoDirective[] {
  const result: GoDirective[] = [];
  let block: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const words = stripComment(raw)
      .split(/\s+/)
      .filter((w) => w !== '')
      .map(unquote);
    const line = index + 1;
    if (words.length === 0) return;
    if (block !== undefined) {
      if (words[0] === ')') block = undefined;
      else result.push({ verb: block, words, line });
      return;
    }
    const [verb = '', ...rest] = words;
    if (rest[0] === '(') block = verb;
    else result.push({ verb, words: rest, line });
  });
  return result;
}

function stripComment(line: string): string {
  const at = line.indexOf('//');
  return at < 0 ? line : line.slice(0, at);
}

function unquote(word: string): string {
  return /^(["`]).*\1$/.test(word) ? word.slice(1, -1) : word;
}
