import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AdminOnly } from './admin-only.decorator.js';
import {
  CreatedUserDto,
  CreateUserDto,
  UpdateUserDto,
  UserDto,
  UserListDto,
} from './dto/user.dto.js';
import type { User } from './user.entity.js';
import { UserIdPipe } from './user-id.pipe.js';
import { UsersService } from './users.service.js';

function view(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    disabled: user.disabled,
  };
}

@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@AdminOnly()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

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
    return generatedPassword ? { ...view(user), password: generatedPassword } : view(user);
  }

  @Get()
  @ApiOperation({ summary: 'Every built-in user, by email' })
  @ApiOkResponse({ type: UserListDto })
  async list(): Promise<UserListDto> {
    return { users: (await this.users.list()).map(view) };
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a user's role or disable them",
    description:
      'Disabling refuses them at once everywhere (their tokens, their open sockets); re-enabling needs a new sign-in. Refused (409) when it would leave no enabled admin.',
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
    return view(await this.users.update(id, body, actor));
  }
}
