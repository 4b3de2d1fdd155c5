// Better Auth's documented Next.js mounting: one catch-all route handler.
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "../../../../auth";

export const { GET, POST } = toNextJsHandler(auth);
