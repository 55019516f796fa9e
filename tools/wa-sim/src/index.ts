export { startSimulator, newWamid, ConfigRequest, RawRequest, ReplayRequest } from './simulator.ts';
export type { Simulator, SimulatorOptions, SimConfig } from './simulator.ts';
export { InboundRequest, toWaId } from './inbound.ts';
export { FaultRequest } from './faults.ts';
export type { LogEntry, LogQuery } from './message-log.ts';
export type { Delivery } from './webhook-sender.ts';
