/**
 * An error that carries the HTTP status and the stable `{code, message}` body the caller receives, with any
 * `details` (e.g. how many register entries a calendar change would affect) added to that body.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
