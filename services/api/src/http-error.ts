/** An error that maps to one HTTP answer: a status code, a machine-readable code and a message for people. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: 400 | 404 | 503,
    readonly code: 'bad_request' | 'not_found' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}
