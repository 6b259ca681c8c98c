/** Operators' figures of the cluster (GET /api/ops/metrics). Other modules import only from here. */
export { opsRoutes } from "./ops.routes.js";
export { OpsSummary } from "./ops.schemas.js";
export { createOpsService, type OpsService } from "./ops.service.js";
