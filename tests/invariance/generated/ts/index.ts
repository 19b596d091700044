// Generated from the contracts by `turnout gen`. Never edited by hand.
export * as probe from "./probe/index";
export * as target from "./target/index";
