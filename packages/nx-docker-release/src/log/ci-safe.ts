/**
 * GitHub Actions runs any output line that starts with `::` (after spaces) as a workflow command
 * (`::warning`, `::add-mask::`, `::stop-commands::`), and `##[` as the older form: a label, a build
 * arg, a commit message or a registry error body must not be able to do that through the plugin's
 * output. Such a line keeps its text with a zero-width space after its first character, which no
 * runner reads as a command.
 */
export function withoutWorkflowCommands(text: string): string {
  return text.replace(/(^|[\r\n])([ \t]*)(:(?=:)|#(?=#\[))/g, '$1$2$3\u200b');
}
