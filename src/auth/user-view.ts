import type { UserDto } from './dto/user.dto.js';
import type { User } from './user.entity.js';

/** When being on duty lapses; null when off duty or already lapsed. */
export function onDutyUntil(user: Pick<User, 'onDutySince'>, dutyHours: number, now = new Date()) {
  if (!user.onDutySince) return null;
  const until = new Date(user.onDutySince.getTime() + dutyHours * 3_600_000);
  return until > now ? until : null;
}

/** A user as the API shows them. */
export function userView(user: User, dutyHours: number): UserDto {
  const until = onDutyUntil(user, dutyHours);
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    disabled: user.disabled,
    phone_number: user.phoneNumber,
    on_duty: until !== null,
    on_duty_until: until?.toISOString() ?? null,
    languages: user.languages,
  };
}
