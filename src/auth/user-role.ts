export enum UserRole {
  ADMIN = 'admin',
  DISPATCHER = 'dispatcher',
}
