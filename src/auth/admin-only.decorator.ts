import { SetMetadata } from '@nestjs/common';
import { UserRole } from './user-role.js';

export const REQUIRED_ROLE = 'requiredRole';

/** The route (or every route of the controller) answers admins only; dispatchers get 403. */
export const AdminOnly = () => SetMetadata(REQUIRED_ROLE, UserRole.ADMIN);
