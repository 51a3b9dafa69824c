import { Body, Controller, Get, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { AuthException } from './auth.exception.js';
import { DutyChangeDto } from './dto/duty.dto.js';
import { UserDto } from './dto/user.dto.js';
import { DutyService } from './duty.service.js';
import { userView } from './user-view.js';
import { UsersRepository } from './users.repository.js';

/** The signed-in user's own record: any role may read it and set their own duty. */
@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('users/me')
export class MeController {
  constructor(
    private readonly duty: DutyService,
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Yourself: your role, phone, whether you are on duty, your languages' })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: "Another service's token" })
  async get(@RequestActor() actor: Actor): Promise<UserDto> {
    const user = await this.users.findById(this.duty.me(actor));
    if (!user)
      throw new AuthException('NOT_A_BUILT_IN_USER', 'Your token is not a built-in user’s');
    return userView(user, this.config.duty.hours);
  }

  @Patch()
  @ApiOperation({
    summary: 'Set your own duty: the phone transfers ring, on duty, the languages you take',
    description:
      'on_duty: true puts you on duty for ON_DUTY_HOURS from now (it needs a phone_number); false takes you off. Audited as user.duty_changed.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async change(@Body() body: DutyChangeDto, @RequestActor() actor: Actor): Promise<UserDto> {
    const user = await this.duty.change(this.duty.me(actor), body, actor);
    return userView(user, this.config.duty.hours);
  }
}
