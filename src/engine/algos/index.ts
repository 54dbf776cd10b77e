export { AlgoEngine, childClientOrderId, type AlgoEngineOptions } from './algo-engine';
export { ParentOrder, type ChildView, type ParentView } from './parent-order';
export { nextTwapDecision, twapCumulativeTarget, twapDueAt, twapSchedule, type TwapDecision, type TwapState } from './twap';
export { nextIcebergDecision, type IcebergDecision, type IcebergState } from './iceberg';
export { nextVwapDecision, vwapBucket, vwapProfileFraction, vwapProfileFromVolume, vwapSchedule, vwapTarget, type VwapDecision, type VwapState, type VolumeSample } from './vwap';
export { routeOrder, type RouteAllocation, type RouteBook, type RouteDecision } from './router';
export { BookCache } from './book-cache';
export type { AlgoEvent, AlgoSpec, IcebergSpec, ParentAmendment, ParentStatus, RouteLeg, RouteSpec, TwapSpec, TwapEndBehaviour, VwapSpec } from './types';
