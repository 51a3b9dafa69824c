import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto, TokenResponseDto } from './dto/login.dto.js';
import { LoginService } from './login.service.js';
import { Public } from './public.decorator.js';

const THROTTLED = {
  type: ErrorResponseDto,
  description:
    'Too many failed sign-ins for the account or from the client address (`Retry-After` says when to try again), even with the right password',
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly logins: LoginService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: "Exchange a built-in user's email and password for a bearer token" })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Wrong email or password, or a disabled user (the same answer)',
  })
  @ApiTooManyRequestsResponse(THROTTLED)
  login(@Body() body: LoginDto, @Req() request: Request): Promise<TokenResponseDto> {
    return this.logins.login(body.email, body.password, request.ip ?? null);
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change your own password',
    description:
      'Every token issued to you before is refused from now on; the answer carries a fresh one.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Wrong current password, or a new one the policy refuses',
  })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse(THROTTLED)
  changePassword(
    @Body() body: ChangePasswordDto,
    @RequestActor() actor: Actor,
  ): Promise<TokenResponseDto> {
    return this.logins.changePassword(actor, body.current_password, body.new_password);
  }
}
