import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * One line per problem, naming the field by its full path: class-validator's
 * `phoneNumber must be ...` becomes `drivers.0.phoneNumber must be ...`. A custom message that
 * does not start with the property name (e.g. the contract's "No driver data provided") is kept
 * as written. Of several rules a field breaks, the one written first is reported (class-validator
 * registers decorators bottom-up, so that is the last constraint it lists).
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    const first = (constraints.filter(([name]) => name !== 'nestedValidation').at(-1) ??
      constraints.at(-1))?.[1];
    const own =
      first === undefined
        ? []
        : [
            first.startsWith(`${error.property} `)
              ? `${path}${first.slice(error.property.length)}`
              : first,
          ];
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        detail: describeValidationErrors(errors).join('; ') || 'Invalid request',
      }),
  });
}
