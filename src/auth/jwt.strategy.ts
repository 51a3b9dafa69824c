import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../config/app-config.js';
import { type Principal, principalFromClaims } from './principal.js';
import { TokenService, verificationOptions } from './token.service.js';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    config: AppConfig,
    private readonly tokens: TokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwt.secret,
      ...verificationOptions(config),
      ignoreExpiration: false,
    });
  }

  validate(claims: unknown): Promise<Principal> {
    return this.tokens.admit(principalFromClaims(claims));
  }
}
