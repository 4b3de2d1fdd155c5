// Public surface of @rotor/db: the Prisma client factory and its types.
export { createPrismaClient, type CreatePrismaClientOptions } from "./create-prisma-client.ts";
export { PrismaClient, Prisma } from "./generated/client.ts";
export type { Role, Tenant, User, Session, RefreshToken, AuditEvent } from "./generated/client.ts";
export { Role as RoleEnum } from "./generated/enums.ts";
