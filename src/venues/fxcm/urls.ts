/**
 * FXCM publishes no fixed FIX host: each client receives its host, port and TargetSubID in the session
 * settings FXCM issues at onboarding (its sample QuickFIX config). The simulator listens on loopback.
 */
export const FXCM_SIMULATOR_HOST = '127.0.0.1';
