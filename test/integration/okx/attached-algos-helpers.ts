/** Polls a lookup until it finds something (bounded; never a fixed sleep). */
export async function eventuallyAlgo<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the attached algo order');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
