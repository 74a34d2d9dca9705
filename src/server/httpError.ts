/** An error that carries the HTTP status and the stable `{code, message}` body the caller receives. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
