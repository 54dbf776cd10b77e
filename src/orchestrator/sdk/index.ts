export {
  TmtAgent,
  type AgentOptions,
  type AgentSignal,
  type Candle,
  type FillMessage,
  type QuoteMessage,
} from './agent-sdk';
