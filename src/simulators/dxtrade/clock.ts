// The simulators' shared clock (wall time plus an offset tests advance), under this simulator's name.
export { OffsetClock as DxtradeSimulatorClock } from '../../shared/offset-clock';
