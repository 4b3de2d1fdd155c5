// Builds a Prisma client on the pg driver adapter: no native query engine, so it runs anywhere Node does.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export interface CreatePrismaClientOptions {
  /** PostgreSQL connection string. */
  connectionString: string;
  /**
   * Pool size for the pg driver.
   * @default 10
   */
  maxConnections?: number;
}

export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
