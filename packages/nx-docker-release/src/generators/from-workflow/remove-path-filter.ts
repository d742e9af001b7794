import { isMap, parseDocument } from 'yaml';

/**
 * Removes `paths` from the push and pull_request triggers, keeping comments and layout of the
 * rest. Returns the new text, or undefined when there was no path filter.
 */
export function removePathFilter(text: string): string | undefined {
  const doc = parseDocument(text);
  let changed = false;
  for (const event of ['push', 'pull_request']) {
    if (isMap(doc.getIn(['on', event])) && doc.hasIn(['on', event, 'paths'])) {
      doc.deleteIn(['on', event, 'paths']);
      changed = true;
    }
  }
  return changed ? doc.toString({ lineWidth: 0, flowCollectionPadding: false }) : undefined;
}
