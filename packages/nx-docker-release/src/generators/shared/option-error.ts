/**
 * A user mistake in generator options. The message starts with the option at fault and says
 * what to do instead, so Nx's one-line error is enough to fix it.
 */
export class GeneratorOptionError extends Error {
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`${option}: ${detail}`);
    this.name = 'GeneratorOptionError';
  }
}
