import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthController } from './auth.controller.js';
import { DutyService } from './duty.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PasswordHasher } from './password-hasher.js';
import { LocalAdminSeeder } from './local-admin.seeder.js';
import { LoginService } from './login.service.js';
import { LoginThrottle } from './login-throttle.js';
import { MeController } from './me.controller.js';
import { RolesGuard } from './roles.guard.js';
import { TokenService } from './token.service.js';
import { UserAccessCache } from './user-access-cache.js';
import { UsersRepository } from './users.repository.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [PassportModule, JwtModule.register({})],
  // MeController first: `users/me` must not be taken for a user id.
  controllers: [AuthController, MeController, UsersController],
  providers: [
    UsersRepository,
    UsersService,
    DutyService,
    PasswordHasher,
    TokenService,
    UserAccessCache,
    LoginService,
    LoginThrottle,
    JwtStrategy,
    LocalAdminSeeder,
    // Guards run in this order: who is calling, then whether their role may.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [TokenService, UsersService, UserAccessCache],
})
export class AuthModule {}
