import { HttpException, type HttpStatus } from '@nestjs/common';

/** An HTTP error whose body is exactly the contract's `{"detail": "..."}`. */
export class DetailException extends HttpException {
  constructor(status: HttpStatus, detail: string) {
    super({ detail }, status);
  }
}
