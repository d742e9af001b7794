/**
 * The one error type the metadata engine throws. Its message contains upstream's message text
 * (docker/metadata-action throws plain Errors), so users can search for it in upstream issues.
 */
export class MetadataError extends Error {
  override readonly name = 'MetadataError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Re-throws anything a library threw (csv-parse, Handlebars, RegExp) as a MetadataError. */
export function asMetadataError(err: unknown): MetadataError {
  if (err instanceof MetadataError) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new MetadataError(message, { cause: err });
}

/** A template that does not parse or render; its message is one line naming the template. */
export class TemplateError extends MetadataError {}
