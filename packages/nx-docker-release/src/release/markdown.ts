/**
 * A value from a user or a registry (a project name, a version, an error body) as the text of a
 * Markdown table cell in a step summary: it cannot add HTML, links, images, code spans or cells,
 * and stays on one line. Emphasis characters are left alone: they cannot inject anything.
 */
export function markdownText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[|`[\]]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
}
