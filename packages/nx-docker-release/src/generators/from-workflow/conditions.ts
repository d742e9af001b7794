import { evaluate, Later, toText, type Scope } from '../../release/expressions/evaluate';
import { parseExpression, printExpression } from '../../release/expressions/parse';

/** "Only when this is not a pull request": what release workflows guard their push and login with. */
export function excludesPullRequests(condition: string): boolean {
  const text = condition.replace(/\s+/g, ' ');
  return /github\.event_name ?!= ?'pull_request(_target)?'/.test(text) || /!\s*startsWith\(github\.ref, ?'refs\/pull\/'\)/.test(text);
}

/**
 * An `if:` of the docker job or of one of its steps, as a note: the release target has no
 * condition of its own, Nx and the CI workflow decide when it runs.
 */
export function conditionNote(where: string, condition: string, scope: Scope): string {
  const source = condition
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim();
  let shown = source;
  try {
    const value = evaluate(parseExpression(source), scope);
    shown = value instanceof Later ? printExpression(value.expr) : toText(value);
  } catch {
    // shown as written
  }
  if (excludesPullRequests(source)) {
    return `${where} runs only outside pull requests (if: ${source}): the target pushes whenever it runs; nx g nx-docker-release:ci-workflow runs releases on main-branch and tag pushes only, and plans pull requests with --dryRun`;
  }
  return `${where} runs only if ${shown === source ? source : `${source} (here: ${shown})`}: the target has no condition; Nx decides when it runs (nx affected on main-branch pushes, release tags)`;
}
