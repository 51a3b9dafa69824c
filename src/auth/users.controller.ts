import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { AdminOnly } from './admin-only.decorator.js';
import { AuthException } from './auth.exception.js';
import { DutyService, hasDutyChange } from './duty.service.js';
import { userView } from './user-view.js';
import {
  CreatedUserDto,
  CreateUserDto,
  UpdateUserDto,
  UserDto,
  UserListDto,
} from './dto/user.dto.js';
import type { User } from './user.entity.js';
import { UserIdPipe } from './user-id.pipe.js';
import { LoginService } from './login.service.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@AdminOnly()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly login: LoginService,
    private readonly duty: DutyService,
    private readonly config: AppConfig,
  ) {}

  private view(user: User): UserDto {
    return userView(user, this.config.duty.hours);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a user',
    description:
      'Without a password one is generated and returned once in `password`; it is never stored in clear or logged.',
  })
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The email is taken' })
  async create(@Body() body: CreateUserDto, @RequestActor() actor: Actor): Promise<CreatedUserDto> {
    const { user, generatedPassword } = await this.users.create(
      body.email,
      body.password,
      body.role,
      actor,
    );
    return generatedPassword
      ? { ...this.view(user), password: generatedPassword }
      : this.view(user);
  }

  @Get()
  @ApiOperation({ summary: 'Every built-in user, by email' })
  @ApiOkResponse({ type: UserListDto })
  async list(): Promise<UserListDto> {
    return { users: (await this.users.list()).map((user) => this.view(user)) };
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a user's role, disable them, or set their duty (phone, on duty, languages)",
    description:
      'Disabling refuses them at once everywhere (their tokens, their open sockets); re-enabling needs a new sign-in. Refused (409) when it would leave no enabled admin. phone_number, on_duty and languages decide who takes transferred calls (audited as user.duty_changed).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async update(
    @Param('id', UserIdPipe) id: number,
    @Body() body: UpdateUserDto,
    @RequestActor() actor: Actor,
  ): Promise<UserDto> {
    const { role, disabled, ...duty } = body;
    const changesAccess = role !== undefined || disabled !== undefined;
    if (!changesAccess && !hasDutyChange(duty))
      throw new AuthException(
        'NOTHING_TO_CHANGE',
        'Give role, disabled, phone_number, on_duty or languages',
      );
    let user = changesAccess ? await this.users.update(id, { role, disabled }, actor) : null;
    if (hasDutyChange(duty)) user = await this.duty.change(id, duty, actor);
    return this.view(user!);
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @ApiOperation({
    summary: "Lift a user's sign-in lockout",
    description:
      'Clears the failed sign-ins counted against their account, so they may sign in at once (audited as user.unlocked). A client address over its own limit stays throttled until its window ends.',
  })
  @ApiNoContentResponse({ description: 'Unlocked (also when nothing was locked)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async unlock(@Param('id', UserIdPipe) id: number, @RequestActor() actor: Actor): Promise<void> {
    await this.login.unlock(id, actor);
  }
}
