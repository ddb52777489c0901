/** An error with an HTTP status and, for validation problems, the field it concerns. */
export class HttpError extends Error {
  constructor(
    public statusCode: number,
    message: string,
    public field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
