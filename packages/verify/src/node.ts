// Node `http` and Express helpers of @rotor/verify.
export { requireAuth, sendUnauthorized, verifyNodeRequest, type AuthenticatedRequest } from "./adapters/nodeMiddleware.ts";
