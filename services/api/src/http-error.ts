/** An error that maps to one HTTP answer: a status code, a machine-readable code and a message for people. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: 400 | 404 | 429 | 503,
    readonly code: 'bad_request' | 'not_found' | 'rate_limited' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}
