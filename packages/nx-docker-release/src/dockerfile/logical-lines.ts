/** One Dockerfile instruction after line continuations are joined: `COPY --from=x a b`. */
export interface LogicalLine {
  keyword: string;
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

const DIRECTIVE = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/;

/**
 * Splits a Dockerfile into instructions the way BuildKit's parser does: parser directives
 * (`# escape=`) only at the very top, full-line comments dropped (also inside a continuation),
 * a trailing escape character joins the next line. Heredoc bodies (`<<EOF`) are skipped.
 * https://docs.docker.com/reference/dockerfile/#parser-directives
 */
export function logicalLines(text: string): LogicalLine[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let index = 0;
  for (; index < lines.length; index++) {
    const directive = DIRECTIVE.exec(lines[index] ?? '');
    if (!directive) break;
    if (directive[1]?.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) {
      escape = directive[2];
    }
  }
  const result: LogicalLine[] = [];
  let pending = '';
  let start = 0;
  for (; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const trimmed = raw.trim();
    // BuildKit skips comment and empty lines even inside a continuation.
    if (trimmed.startsWith('#') || trimmed === '') continue;
    if (pending === '') start = index + 1;
    if (trimmed.endsWith(escape)) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    const joined = `${pending}${trimmed}`.trim();
    pending = '';
    if (joined === '') continue;
    const [keyword = '', ...rest] = joined.split(/\s+/);
    const args = joined.slice(keyword.length).trim();
    result.push({ keyword: keyword.toUpperCase(), args, line: start });
    index = skipHeredocs(rest.join(' '), lines, index);
  }
  if (pending.trim() !== '') {
    const joined = pending.trim();
    const keyword = joined.split(/\s+/)[0] ?? '';
    result.push({ keyword: keyword.toUpperCase(), args: joined.slice(keyword.length).trim(), line: start });
  }
  return result;
}

/** `RUN <<EOF` / `COPY <<EOF /file`: the body up to the terminator is data, not instructions. */
function skipHeredocs(args: string, lines: string[], index: number): number {
  let next = index;
  for (const match of args.matchAll(/<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g)) {
    const terminator = match[2];
    next++;
    while (next < lines.length && (lines[next] ?? '').trim() !== terminator) next++;
  }
  return next;
}
