export { AlgoEngine, childClientOrderId, type AlgoEngineOptions } from './algo-engine';
export { ParentOrder, type ChildView, type ParentView } from './parent-order';
export { nextTwapDecision, twapCumulativeTarget, twapDueAt, twapSchedule, type TwapDecision, type TwapState } from './twap';
export { nextIcebergDecision, type IcebergDecision } from './iceberg';
export type { AlgoEvent, AlgoSpec, IcebergSpec, ParentAmendment, ParentStatus, TwapSpec, TwapEndBehaviour } from './types';
