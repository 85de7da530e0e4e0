/**
 * An answer other than 2xx, with the JSON body `{error, message}` of CONTRACT §2 (plus extra fields
 * such as `events`). Messages are written by us and never quote the request body.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  body(): Record<string, unknown> {
    return { error: this.error, message: this.message, ...this.extra };
  }
}
