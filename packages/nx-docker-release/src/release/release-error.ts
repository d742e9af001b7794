/**
 * A user mistake (bad option, missing variable, unusable rule). The executor prints its message
 * without a stack trace; anything else is a bug and keeps its stack.
 */
export class ReleaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReleaseError';
  }
}
