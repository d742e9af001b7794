/** An edge found in a file, before it is bound to the graph: `source` depends on `target`. */
export interface EdgeCandidate {
  source: string;
  target: string;
  /** Files that declare the edge, best first; the first one the source project owns is used. */
  files: string[];
  /** Human-readable cause, e.g. `COPY assistant/config/notifier.json (services/notifier/Dockerfile:5)`. */
  reason: string;
}
