// Generated from the contracts by `turnout gen`. Never edited by hand.
export * as admin from "./admin/index";
export * as analytics from "./analytics/index";
export * as auth from "./auth/index";
export * as files from "./files/index";
export * as guidance from "./guidance/index";
export * as inference from "./inference/index";
export * as notifications from "./notifications/index";
export * as simulation from "./simulation/index";
