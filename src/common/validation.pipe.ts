import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * One line per problem, naming the field by its full path: class-validator's
 * `phoneNumber must be ...` becomes `drivers.0.phoneNumber must be ...`. A custom message that
 * does not start with the property name (e.g. the contract's "No driver data provided") is kept
 * as written.
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? `${path}${message.slice(error.property.length)}` : message,
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ detail: describeValidationErrors(errors).join('; ') || 'Invalid request' }),
  });
}
