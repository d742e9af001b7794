/** The sections of a `--dryRun` plan as the executor prints it (release/format-plan.ts). */
export interface PrintedPlan {
  tags: string[];
  labels: string[];
  commands: string[];
}

export function parsePlanOutput(output: string): PrintedPlan {
  const section = (name: string): string[] => {
    const lines = output.split('\n');
    const start = lines.findIndex((l) => l.trim() === `${name}:`);
    if (start < 0) throw new Error(`no "${name}:" section in:\n${output}`);
    const items: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (!/^\s{2,}\S/.test(line)) break;
      items.push(line.trim());
    }
    return items;
  };
  return { tags: section('tags'), labels: section('labels'), commands: section('commands') };
}
