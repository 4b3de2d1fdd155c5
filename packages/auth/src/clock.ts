// Time is injected everywhere so tests freeze or move it instead of sleeping.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
