import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthController } from './auth.controller.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LocalAdminSeeder } from './local-admin.seeder.js';
import { TokenService } from './token.service.js';
import { User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User]), PassportModule, JwtModule.register({})],
  controllers: [AuthController],
  providers: [
    UsersRepository,
    UsersService,
    TokenService,
    JwtStrategy,
    LocalAdminSeeder,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [TokenService, UsersService],
})
export class AuthModule {}
