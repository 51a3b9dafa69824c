import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { UserRole } from './user-role.js';

export const REQUIRED_ROLE = 'requiredRole';

/**
 * The route (or every route of the controller) answers admins only; dispatchers get 403 (see
 * {@link RolesGuard}), and the API document says so.
 */
export const AdminOnly = () =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, UserRole.ADMIN),
    ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Admins only' }),
  );
